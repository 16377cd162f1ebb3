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
