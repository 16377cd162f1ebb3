"""The files of the chat's /xuat, /baocaoword and /tonghopword, from the
same services: the Excel workbook of a round over the scope, the Word
report of the scope, and a unit's own Word report."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.services import web_auth
from bot.services.documents import file_name, scope_report_bytes, unit_report_bytes
from bot.services.export import workbook_bytes
from bot.shell.web import data
from bot.shell.web.gate import signed_in
from bot.shell.web.render import attachment
from bot.shell.web.unit import unit_named

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file(content: bytes, name: str, mime: str) -> Response:
    return Response(content, media_type=mime, headers={"Content-Disposition": attachment(name),
                                                       "Cache-Control": "no-store"})


async def excel(request: Request) -> Response:
    """The workbook of one round (``?round=PLAN/ROUND``) or of every round."""
    key = request.query_params.get("round") or None
    async with signed_in(request) as v:
        views = await data.rounds(v, key)
    name = f"bao-cao-{views[0].data.round_id}.xlsx" if key else "bao-cao.xlsx"
    files = web_auth.evidence_base(v.rt.settings)
    return _file(workbook_bytes([view.data for view in views], v.lang, files), name, XLSX)


async def word(request: Request) -> Response:
    """The drafted Word report of the round over the scope, or of one unit
    (``&unit=CODE``: only that unit is loaded); the scope's report is drafted
    from the round the page loaded, not loaded again."""
    key = request.query_params.get("round", "")
    code = request.query_params.get("unit")
    async with signed_in(request) as v:
        if code:
            stored, round_id = await data.plan_round(v, key)
            unit = await unit_named(v, code)
            content, _ = await unit_report_bytes(v.rt, v.conn, stored, round_id, unit.id, v.lang)
            return _file(content, file_name(round_id, unit.code), DOCX)
        [view] = await data.rounds(v, key)
        round_id = view.data.round_id
        content, summary = await scope_report_bytes(v.rt, v.conn, view.stored, round_id, v.roots, v.lang,
                                                    loaded=(view.data, view.summary))
    return _file(content, file_name(round_id, "-".join(s.unit for s in summary.scope) or "pham-vi"), DOCX)
