"""A sheet's rows written by ``bot.services.export_rows`` are the very XML
openpyxl writes for them (each value bound to a cell, dates given their
format): texts with accents, spaces around, markup characters and line
breaks, numbers of every size, booleans, dates and times, empty rows and
cells, bold and linked cells, formulas kept as text, error codes; and a
character Excel refuses is refused the same way."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from bot.services.export_sheet import Sheet, _widths, date_format


def _values(ws: Any) -> list[list[Any]]:
    rng = random.Random(3)
    bold = WriteOnlyCell(ws, value="Tiêu đề")
    bold.font = Font(bold=True)
    linked = WriteOnlyCell(ws, value="bien-ban.pdf")
    linked.hyperlink = "https://example.org/a?b=1&c=2"
    formula = WriteOnlyCell(ws, value="=1+1")
    formula.data_type = "s"
    rows: list[list[Any]] = [
        [bold, "Mã", "Tên"],
        ["X001", "UBND xã Tân An", "Đã thực hiện", 12, 95.5, 0.1 + 0.2, -3, 10**15, 10**17, 1e-7, 2.5e20, -0.0, 123456789.123456789],
        [" leading", "trailing ", "a & b < c > d", "line\nbreak", "cr\r\nlf", "tab\there", '"quoted"', "'"],
        [True, False, None, "", None, "x"],
        [dt.datetime(2025, 5, 19, 9, 30), dt.date(2025, 5, 20), dt.datetime(1900, 1, 15), dt.date(1900, 3, 1)],
        [],
        ["#N/A", "#DIV/0!", "=SUM(A1:A2)", "-5", "+1", "@x"],
        [linked, formula, 7],
        ["Ký tự tiếng Việt: ắ ằ ẳ ẵ ặ ơ ư đ", "emoji 🙂", "ü"],
    ]
    for _ in range(200):
        rows.append([rng.choice([None, rng.randint(-10**6, 10**6), rng.random() * 1000, "văn bản",
                                 dt.date(2025, rng.randint(1, 12), rng.randint(1, 28)), " s "])
                     for _ in range(rng.randint(0, 12))])
    return rows


def _openpyxl(ws: Any, value: Any) -> Any:
    """A value as the sheets appended it before: a date as a cell with its format."""
    fmt = date_format(value)
    if fmt is None:
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = fmt
    return cell


def _sheets(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("xl/")}


def _saved(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_rows_are_the_xml_openpyxl_writes() -> None:
    ours = Workbook(write_only=True)
    sheet = Sheet(ours, "Dữ liệu")
    for row in _values(sheet.ws):
        sheet.append(row)
    sheet.close()

    theirs = Workbook(write_only=True)
    ws = theirs.create_sheet("Dữ liệu")
    rows = _values(ws)  # the same layout as Sheet.close gives (widths, frozen header), rows appended by openpyxl
    for col, chars in enumerate(_widths([list(r) for r in rows], max(len(r) for r in rows)), 1):
        ws.column_dimensions[get_column_letter(col)].width = chars
    ws.freeze_panes = "A2"
    for row in rows:
        ws.append([_openpyxl(ws, v) for v in row])

    got, want = _sheets(_saved(ours)), _sheets(_saved(theirs))
    assert got["xl/worksheets/sheet1.xml"] == want["xl/worksheets/sheet1.xml"]
    assert got["xl/styles.xml"] == want["xl/styles.xml"]
    assert b"<c r=\"A2\" t=\"inlineStr\"><is><t>X001</t></is></c>" in got["xl/worksheets/sheet1.xml"]


def test_a_character_excel_refuses_is_refused() -> None:
    wb = Workbook(write_only=True)
    sheet = Sheet(wb, "S")
    sheet.append(["ok", "bell \x07"])
    with pytest.raises(IllegalCharacterError):
        sheet.close()
