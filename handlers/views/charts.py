"""The /summary chart: status per child unit (stacked bars) and, for scoring
rounds, the distribution across bands. PNG bytes, matplotlib on Agg."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on servers; must precede the pyplot import

import matplotlib.pyplot as plt

from bot.domain.summary_data import Summary

MAX_BARS = 25
COLOURS = {
    "accepted": "#2e7d32", "submitted": "#66bb6a", "draft": "#ffb300",
    "returned": "#ef6c00", "not_started": "#bdbdbd",
}
ORDER = ("accepted", "submitted", "draft", "returned", "not_started")


def summary_chart(summary: Summary, labels: Mapping[str, str]) -> bytes:
    """``labels``: the status names (by status key), ``title``, ``bands_title``,
    ``others`` (the bar that sums the groups beyond the first 25)."""
    groups: list[dict[str, Any]] = [{"name": g.name, **{k: g.counts.of(k) for k in ORDER}} for g in summary.children]
    if len(groups) > MAX_BARS:
        head, tail = groups[: MAX_BARS - 1], groups[MAX_BARS - 1:]
        rest = {k: sum(g[k] for g in tail) for k in ORDER}
        groups = [*head, {"name": labels["others"], **rest}]
    scoring = summary.scoring
    ncols = 2 if scoring else 1
    height = max(3.5, 0.35 * len(groups) + 2.0)
    fig, axes = plt.subplots(1, ncols, figsize=(6.5 * ncols, height), squeeze=False)
    try:
        ax = axes[0][0]
        names = [str(g["name"])[:40] for g in groups][::-1]
        left = [0] * len(groups)
        for status in ORDER:
            values = [g[status] for g in groups][::-1]
            ax.barh(names, values, left=left, color=COLOURS[status], label=labels[status])
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_title(labels["title"])
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.04), ncol=3, fontsize=7, frameon=False)
        ax.tick_params(axis="y", labelsize=7)
        if scoring:
            bx = axes[0][1]
            bands = scoring.bands
            palette = ["#2e7d32", "#9ccc65", "#ffb300", "#e53935"]
            bx.bar([b.label for b in bands], [b.count for b in bands],
                   color=[palette[min(i, len(palette) - 1)] for i in range(len(bands))])
            bx.set_title(labels["bands_title"])
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=80)
        return buf.getvalue()
    finally:
        plt.close(fig)


def _wrap(text: str, width: int = 38) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def figures_chart(summary: Summary, labels: Mapping[str, str], lang: str, fmt: str = "svg") -> bytes:
    """The round's figures page chart: the pooled rates (%, with each one's
    target as a mark) and the distribution of each choice question's answers
    (stacked shares), in the palette and style of :func:`summary_chart`.
    ``labels``: ``rates_title``, ``choices_title``, ``target``; ``fmt``:
    ``svg`` or ``png``."""
    totals = summary.totals
    rates = [r for r in (totals.rates if totals else ()) if r.pct is not None]
    choices = [c for c in summary.choices if c["n"]]
    panels = [p for p, on in (("rates", rates), ("choices", choices)) if on]
    if not panels:
        panels = ["rates"]
    heights = [max(1.5, 0.35 * max(len(rates), 1) + 1.2), max(1.5, 0.35 * max(len(choices), 1) + 1.6)]
    height = sum(heights[0 if p == "rates" else 1] for p in panels)
    fig, axes = plt.subplots(len(panels), 1, figsize=(7.5, height), squeeze=False)
    try:
        for ax, panel in zip((row[0] for row in axes), panels, strict=True):
            if panel == "rates":
                names = [_wrap(r.text_en if lang == "en" and r.text_en else r.text) for r in rates][::-1]
                values = [float(r.pct or 0) for r in rates][::-1]
                colours = [COLOURS["accepted"] if r.meets_target is not False else COLOURS["returned"]
                           for r in rates][::-1]
                ys = list(range(len(names)))  # positions, not names: two names cut alike stay two bars
                ax.barh(ys, values, color=colours)
                ax.set_yticks(ys, names)
                marked = False
                for i, r in enumerate(rates[::-1]):
                    if r.target is not None and r.target.min is not None:
                        ax.plot([r.target.min] * 2, [i - 0.4, i + 0.4], color="#1b1b1b", linewidth=1.5,
                                label=None if marked else labels["target"])
                        marked = True
                ax.set_xlim(0, max([100.0, *values]) * 1.05)
                if marked:
                    ax.legend(loc="lower right", fontsize=7, frameon=False)
                ax.set_title(labels["rates_title"])
            else:
                names = [_wrap(c["text_en"] if lang == "en" and c.get("text_en") else c["text"]) for c in choices][::-1]
                left = [0.0] * len(choices)
                palette = ["#2e7d32", "#9ccc65", "#ffb300", "#ef6c00", "#e53935", "#8e24aa", "#1e88e5", "#bdbdbd"]
                width = max(len(c["options"]) for c in choices)
                for k in range(width):
                    shares = [100.0 * c["options"][k]["count"] / c["n"] if k < len(c["options"]) else 0.0
                              for c in choices][::-1]
                    ax.barh(list(range(len(names))), shares, left=left, color=palette[k % len(palette)])
                    for y, (c, x0, share) in enumerate(zip(choices[::-1], left, shares, strict=True)):
                        if share >= 15 and k < len(c["options"]):  # the option's name where it fits
                            o = c["options"][k]
                            ax.text(x0 + share / 2, y, _wrap(o["text_en"] if lang == "en" and o.get("text_en")
                                                             else o["text"], 14),
                                    ha="center", va="center", fontsize=6, color="#1b1b1b")
                    left = [a + b for a, b in zip(left, shares, strict=True)]
                ax.set_yticks(list(range(len(names))), names)
                ax.set_xlim(0, 100)
                ax.set_title(labels["choices_title"])
            ax.tick_params(axis="y", labelsize=7)
        # fixed margins, not tight_layout: its extra draw of every label was half the time
        fig.subplots_adjust(left=0.36, right=0.97, top=1 - 0.45 / height, bottom=0.45 / height,
                            hspace=1.1 / height * len(panels))
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, dpi=80)
        return buf.getvalue()
    finally:
        plt.close(fig)
