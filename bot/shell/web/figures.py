"""The round's figures (``/admin/figures/PLAN/ROUND``): the totals the chat's
/tongket and the Word report quote — punctuality, counts summed by level,
rates pooled from their count pairs, target attainment, each number
question's spread and each choice question's distribution — from
:func:`bot.domain.totals.compute_totals` (in the round's summary), with a
chart drawn by the chat charts' code (``handlers.views.charts``, SVG)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.domain.totals import PUNCTUALITY
from bot.services.export_totals import level_label
from bot.shell.web import data
from bot.shell.web.gate import signed_in
from bot.shell.web.render import page
from handlers.views import render
from locales import t


def _key(request: Request) -> str:
    return f"{request.path_params['plan']}/{request.path_params['round']}"


def _label(item: object, lang: str) -> str:
    text, text_en = getattr(item, "text", None), getattr(item, "text_en", None)
    if isinstance(item, dict):
        text, text_en = item.get("text"), item.get("text_en")
    return str(text_en if lang == "en" and text_en else text)


async def figures(request: Request) -> Response:
    async with signed_in(request) as v:
        [view] = await data.rounds(v, _key(request))
        lang = v.lang
        s = view.summary
        totals = s.totals
        def num(x: object) -> str:
            return "—" if x is None else render.number(x, lang)  # type: ignore[arg-type]

        return page(request, "figures.html", lang, v=v, view=view, s=s, totals=totals, num=num,
                    label=lambda item: _label(item, lang), level=lambda lv: level_label(lv, lang),
                    target=lambda q: render.target_text(q, lang) if q else "",
                    punctuality=[(p, dict(totals.punctuality).get(p, 0)) for p in PUNCTUALITY] if totals else [],
                    has_chart=bool(totals and any(r.pct is not None for r in totals.rates))
                    or any(c["n"] for c in s.choices))


async def chart(request: Request) -> Response:
    """The figures' chart: pooled rates and choice distributions, SVG."""
    from handlers.views.charts import figures_chart  # matplotlib loads only when a chart is drawn

    async with signed_in(request) as v:
        [view] = await data.rounds(v, _key(request))
    lang = v.lang
    labels = {"rates_title": t("web.figures.chart_rates", lang), "choices_title": t("web.figures.chart_choices", lang),
              "target": t("web.figures.chart_target", lang)}
    svg = figures_chart(view.summary, labels, lang)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store",
                                                              "X-Content-Type-Options": "nosniff"})
