"""The scope overview (per round: the counts of each state, overdue, the
chart of the chat's /tongket) and the unit table (units × rounds, filtered,
sorted, as CSV)."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from bot.domain.status import STATUSES
from bot.services.admin_data import unit_tree
from bot.services.export import csv_bytes
from bot.shell.web import data
from bot.shell.web.gate import signed_in
from bot.shell.web.render import PREFIX, page
from locales import catalogue, t


def _level(level: str, lang: str) -> str:
    key = "admin.totals.level." + level
    return t(key, lang) if key in catalogue(lang) else level


async def overview(request: Request) -> Response:
    async with signed_in(request) as v:
        views = await data.rounds(v)
        tree = await unit_tree(v.conn)
        heads = ", ".join(tree[r].name for r in v.roots if r in tree)
        return page(request, "overview.html", v.lang, v=v, views=views, statuses=STATUSES, heads=heads)


async def chart(request: Request) -> Response:
    """The round's chart, drawn by the code of the chat's /tongket chart."""
    from handlers.views.charts import summary_chart  # matplotlib loads only when a chart is drawn

    key = f"{request.path_params['plan']}/{request.path_params['round']}"
    async with signed_in(request) as v:
        [view] = await data.rounds(v, key)
    lang = v.lang
    labels = {k: t(f"admin.status.{k}", lang) for k in STATUSES}
    labels |= {"title": t("admin.chart.status_title", lang), "bands_title": t("admin.chart.bands_title", lang),
               "others": t("admin.chart.others", lang)}
    png = summary_chart(view.summary, labels)
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-store"})


def _filters(request: Request) -> dict[str, str]:
    q = request.query_params
    return {name: q.get(name, "")[:100] for name in ("state", "level", "q", "round", "sort", "desc")}


async def units(request: Request) -> Response:
    f = _filters(request)
    async with signed_in(request) as v:
        views = await data.rounds(v)
        rows = await data.table(v, views)
    keys = [view.key for view in views]
    levels = sorted({r.unit.level for r in rows})
    round_key = f["round"] if f["round"] in keys else ""
    shown = data.keep(rows, state=f["state"], level=f["level"], text=f["q"], round_key=round_key)
    sort = f["sort"] if f["sort"] in (*data.SORTS, *keys) else "code"
    shown = data.ordered(shown, sort, f["desc"] == "1")
    lang = v.lang
    if request.query_params.get("format") == "csv":
        return _csv(shown, views, lang)
    def href(**changes: str) -> str:
        wanted = {k: x for k, x in ({**f, **changes}).items() if x}
        return f"{PREFIX}/units?{urlencode(wanted)}"

    def sort_href(column: str) -> str:
        return href(sort=column, desc="" if sort != column or f["desc"] == "1" else "1")

    return page(request, "units.html", lang, v=v, views=views, rows=shown, total=len(rows), f=f, sort=sort,
                levels=[(lv, _level(lv, lang)) for lv in levels], statuses=STATUSES,
                csv_href=href(format="csv"), sort_href=sort_href, level_name=lambda lv: _level(lv, lang))


def _csv(rows: list[data.Row], views: list[data.RoundView], lang: str) -> Response:
    head = [t("web.units.code", lang), t("web.units.name", lang), t("web.units.level", lang),
            t("web.units.officer", lang), t("web.units.phone", lang), t("web.units.unreachable", lang)]
    head += [view.title(lang) for view in views]
    body: list[list[object]] = [list(head)]
    for r in rows:
        line: list[object] = [r.unit.code, r.unit.name, _level(r.unit.level, lang), r.officer, r.phone,
                              t("web.units.unreachable_yes", lang) if r.unreachable else ""]
        for view in views:
            cell = r.cells.get(view.key)
            line.append("" if cell is None else _cell_text(cell, lang))
        body.append(line)
    return Response(csv_bytes(body), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="don-vi.csv"', "Cache-Control": "no-store"})


def _cell_text(cell: data.Cell, lang: str) -> str:
    text = t(f"admin.status.{cell.status}", lang)
    if cell.days_late > 0:
        text += " · " + t("web.units.late_days", lang, days=cell.days_late)
    return text
