"""The Excel workbook and the CSV of one round, with readable Vietnamese headers.

Sheets: ``Tình trạng`` (one row per unit and round: officer, phone, status,
submitted at, days late, on time or late), one sheet per round named by its
title (one row per unit, one column per question, labelled "N. question
text"), ``Tổng hợp`` per round (its totals: ``export_totals``), ``Chấm điểm``
for scoring rounds (criterion, max, self, appraised per unit, then a total
row with the band) and ``Kế hoạch`` (the plan version and its questions).
Text that a spreadsheet would run as a formula is stored as plain text.
Every sheet is laid out by ``export_sheet`` (frozen header, filter, widths,
dates as dd/mm/yyyy hh:mm).

The CSV of a round is by default what Excel opens right with Vietnamese
regional settings (``;`` between fields, decimal commas, UTF-8 with BOM);
``plain=True`` gives the ``,``-separated form with decimal points for scripts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from bot.core.text import format_date, format_datetime
from bot.domain.evidence_files import reference
from bot.domain.plan.model import Question
from bot.domain.questions import kind_of
from bot.domain.reports import RoundData
from bot.domain.scoring import rubric_of, score_unit
from bot.domain.status import DONE
from bot.domain.totals import compute_totals, punctuality
from bot.services.export_sheet import Sheet, sheet_name
from bot.services.export_totals import TOTALS_SHEET, totals_rows
from bot.services.export_totals import headers as totals_headers
from locales import t

STATUS_SHEET = "Tình trạng"
SCORING_SHEET = "Chấm điểm"
PLAN_SHEET = "Kế hoạch"
BOLD = Font(bold=True)


def q_text(q: Question, lang: str) -> str:
    return q.label(lang)


def option_text(q: Question, option_id: str, lang: str) -> str:
    return q.option_label(option_id, lang)


def H(key: str, lang: str) -> str:
    return t(f"admin.export.{key}", lang)


def question_header(n: int, q: Question, lang: str = "vi") -> str:
    return f"{n}. {q_text(q, lang)}"


def cell_value(q: Question, value: Any, lang: str = "vi") -> Any:
    """A stored answer as a spreadsheet value, as its type writes it: option
    text, a number, a date, text; evidence as its file name, link or text."""
    if value is None:
        return None
    return kind_of(q.type).cell(q, value, lang)


def evidence_link(q: Question, value: Any, files: str | None = None) -> str | None:
    """The web address an answer's cell links to: evidence sent as a link, or
    a kept file's download on the admin's web page (``files``: that address
    up to the reference, :func:`bot.services.web_auth.evidence_base`)."""
    if value is None:
        return None
    url = kind_of(q.type).link(q, value)
    if url is None and files and isinstance(value, dict) and isinstance(value.get("sha256"), str):
        url = files + reference(value["sha256"])
    return url


def _cell(sheet: Sheet, value: Any, *, link: str | None = None, bold: bool = False) -> Any:
    if not (link or bold or (isinstance(value, str) and value.startswith("="))):
        return value
    c = WriteOnlyCell(sheet.ws, value=value)
    if isinstance(value, str):
        c.data_type = "s"  # never a formula
    if link:
        c.hyperlink = link
    if bold:
        c.font = BOLD
    return c


def _header(sheet: Sheet, names: Sequence[str], *, filtered: bool = True) -> None:
    sheet.header([_cell(sheet, n, bold=True) for n in names], filtered=filtered)


def _local(when: dt.datetime | None, data: RoundData) -> dt.datetime | None:
    return None if when is None else when.astimezone(data.tz).replace(tzinfo=None)


def _round_title(data: RoundData, lang: str) -> str:
    rnd = data.round
    return str(rnd.title_en if lang == "en" and rnd.title_en else rnd.title)


def status_rows(datasets: Sequence[RoundData], lang: str = "vi") -> list[list[Any]]:
    rows = []
    for data in datasets:
        for u in data.units:
            contact = data.contacts.get(u.id)
            sub = data.subs.get(u.id)
            parent = data.tree.get(u.parent_id) if u.parent_id else None
            rows.append([
                u.code, u.name, parent.name if parent else None, _round_title(data, lang),
                contact.full_name if contact else None, contact.phone if contact else None,
                t(f"admin.status.{data.status(u.id)}", lang),
                _local(sub.submitted_at if sub else None, data), data.days_late(u.id),
                t(f"admin.export.punctuality_{punctuality(data.status(u.id), data.days_late(u.id), data.overdue(u.id))}",
                  lang),
            ])
    return rows


STATUS_HEADERS = ("code", "name", "parent", "round", "officer", "phone", "status", "submitted_at", "days_late",
                  "punctuality")
ROUND_HEADERS = ("code", "name", "status", "submitted_at")


def round_header(data: RoundData, lang: str = "vi") -> list[str]:
    questions = data.plan.plan.questions(data.round_id, reported=True)
    return [H(k, lang) for k in ROUND_HEADERS] + [question_header(i, q, lang) for i, q in enumerate(questions, 1)]


def _write_round(ws: Sheet, data: RoundData, lang: str, files: str | None) -> None:
    questions = data.plan.plan.questions(data.round_id, reported=True)
    _header(ws, round_header(data, lang))
    for u in data.units:
        answers = data.answers.get(u.id, {})
        sub = data.subs.get(u.id)
        row: list[Any] = [u.code, u.name, t(f"admin.status.{data.status(u.id)}", lang),
                          _local(sub.submitted_at if sub else None, data)]
        asked = {q.id for q in data.questions_for(u.id)}
        for q in questions:
            v = answers.get(q.id)
            row.append(_cell(ws, cell_value(q, v, lang), link=evidence_link(q, v, files)) if q.id in asked
                       else t("admin.export.not_asked", lang))
        ws.append(row)


def _write_scoring(ws: Sheet, data: RoundData, lang: str) -> None:
    rubric = rubric_of(data.plan.plan, data.round_id)
    assert rubric is not None
    _header(ws, [H(k, lang) for k in ("code", "name", "group", "criterion", "max", "self", "appraised",
                                      "comment", "band")])
    for u in data.units:
        score = score_unit(rubric, data.answers.get(u.id, {}), data.appraisals.get(u.id, {}))
        for c in score.criteria:
            max_points = -c.criterion.max_points if c.criterion.kind == "penalty" else c.criterion.max_points
            ws.append([u.code, u.name, c.group_title, c.criterion.text, max_points, c.self_points,
                       c.appraised, _cell(ws, c.comment), None])
        ws.append([_cell(ws, u.code, bold=True), u.name, None, _cell(ws, H("total", lang), bold=True),
                   rubric.total_points, score.self_total, score.appraised_total, None,
                   score.band.label if score.band and data.status(u.id) in DONE else None])


def _write_plan(ws: Sheet, datasets: Sequence[RoundData], lang: str) -> None:
    pv = datasets[0].plan
    p = pv.plan
    _header(ws, [H("field", lang), H("value", lang)], filtered=False)
    for key, value in (
        ("plan_code", p.code), ("plan_version", pv.version), ("plan_title", p.title),
        ("doc_number", p.document.number), ("doc_date", p.document.date), ("issuer", p.document.issuer),
        ("year", p.year), ("loaded_at", pv.loaded_at.replace(tzinfo=None)), ("sha256", pv.sha256),
    ):
        ws.append([H(key, lang), _cell(ws, value)])
    ws.append([])
    _header(ws, [H(k, lang) for k in ("round", "n", "question_id", "question", "type", "required", "target")])
    for data in datasets:
        for i, q in enumerate(p.questions(data.round_id, reported=True), 1):
            target = (q.target.text or "") if q.target else ""
            ws.append([data.round_id, i, q.id, q_text(q, lang), str(q.type),
                       H("yes" if q.required else "no", lang), _cell(ws, target)])


def workbook_bytes(datasets: Sequence[RoundData], lang: str = "vi", files: str | None = None) -> bytes:
    """The export of one or more rounds of one plan, as .xlsx bytes; with
    ``files``, a kept evidence file's cell links to its download there."""
    if not datasets:
        raise ValueError("nothing to export")
    wb = Workbook(write_only=True)
    taken = {STATUS_SHEET, PLAN_SHEET}
    sheets = [Sheet(wb, STATUS_SHEET)]
    _header(sheets[0], [H(k, lang) for k in STATUS_HEADERS])
    for row in status_rows(datasets, lang):
        sheets[0].append(row)
    for data in datasets:
        sheets.append(Sheet(wb, sheet_name(_round_title(data, lang), taken)))
        _write_round(sheets[-1], data, lang, files)
    for data in datasets:
        name = TOTALS_SHEET if len(datasets) == 1 else f"{TOTALS_SHEET} {data.round_id}"
        sheets.append(Sheet(wb, sheet_name(name, taken)))
        _header(sheets[-1], totals_headers(lang))
        for row in totals_rows(compute_totals(data), lang):
            sheets[-1].append([_cell(sheets[-1], v) for v in row])
    for data in datasets:
        if rubric_of(data.plan.plan, data.round_id) is not None:
            name = SCORING_SHEET if len(datasets) == 1 else f"{SCORING_SHEET} {data.round_id}"
            sheets.append(Sheet(wb, sheet_name(name, taken)))
            _write_scoring(sheets[-1], data, lang)
    sheets.append(Sheet(wb, PLAN_SHEET))
    _write_plan(sheets[-1], datasets, lang)
    for sheet in sheets:
        sheet.close()
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv_safe(value: Any) -> Any:
    """Cells a spreadsheet would run as a formula get a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "@", "\t", "\r"):
        return "'" + value
    if isinstance(value, str) and value[:1] == "-" and value[1:2] not in ("", " ") and not _is_number(value):
        return "'" + value
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return value


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def round_csv(data: RoundData, lang: str = "vi", *, plain: bool = False, files: str | None = None) -> bytes:
    """One round as CSV, UTF-8 with BOM (so Excel reads the accents): for
    Excel with Vietnamese regional settings (``;``, decimal commas) unless
    ``plain``."""
    return csv_bytes(_csv_rows(data, lang, files), plain=plain)


def _csv_rows(data: RoundData, lang: str, files: str | None) -> Iterator[Sequence[Any]]:
    """The round's CSV rows, one unit at a time (written as they come)."""
    questions = data.plan.plan.questions(data.round_id, reported=True)
    yield round_header(data, lang)
    for u in data.units:
        answers = data.answers.get(u.id, {})
        sub = data.subs.get(u.id)
        row = [u.code, u.name, t(f"admin.status.{data.status(u.id)}", lang),
               _local(sub.submitted_at if sub else None, data)]
        asked = {q.id for q in data.questions_for(u.id)}
        for q in questions:
            v = answers.get(q.id)
            row.append((evidence_link(q, v, files) or cell_value(q, v, lang)) if q.id in asked
                       else t("admin.export.not_asked", lang))
        yield row


def csv_bytes(rows: Iterable[Sequence[Any]], *, plain: bool = False) -> bytes:
    """The one CSV dialect of every file dvbot writes (round exports, invite
    lists): UTF-8 with BOM, ``;`` between fields and decimal commas, as Excel
    with Vietnamese regional settings opens it — or ``,`` and decimal points
    when ``plain``; cells a spreadsheet would run as a formula made text."""
    buf = io.BytesIO()
    # encoded as it is written: never the whole text as well as its bytes
    text = io.TextIOWrapper(buf, encoding="utf-8", newline="")
    text.write("\ufeff")
    w = csv.writer(text, delimiter="," if plain else ";")
    for row in rows:
        w.writerow([_csv_safe(x) if plain else _vn_number(_csv_safe(x)) for x in row])
    text.flush()
    out = buf.getvalue()
    text.detach()
    return out


def _vn_number(value: Any) -> Any:
    """A number with a decimal comma, as Vietnamese Excel reads it (every
    digit kept, no thousands separator: ``1234,5``)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
    return value
