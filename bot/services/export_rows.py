"""Writing a write-only sheet's rows fast, as openpyxl would write them.

openpyxl binds every value to a cell object and writes each cell through
lxml's incremental writer, element by element: about 15 µs a cell, most of
an export's time (a round of 5,000 units × 60 questions is 300,000 cells).
Here a row of plain values (text, numbers, booleans, dates) is put together
as one XML string and handed to the same writer as one parsed element: the
sheet's XML is the very bytes openpyxl writes (``tests/services/
test_export_rows.py`` compares them). A row holding anything else (a
styled or linked cell, a formula, an error code, a character Excel refuses,
a time zone) is left to openpyxl, which decides it as it always has.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from lxml import etree
from openpyxl import LXML
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

MAX_TEXT = 32767  # openpyxl cuts a longer text: left to it
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_MARKUP = re.compile("[&<>\r]")


class _Written:
    """Stands for the sheet's row stream once its rows are written, so that
    openpyxl's ``close`` writes the sheet's tail without a second
    ``sheetData``."""

    def close(self) -> None:
        return None


def write_rows(ws: WriteOnlyWorksheet, rows: Sequence[Sequence[Any]], formats: Callable[[Any], str | None]) -> None:
    """Write ``rows`` as the sheet's data, in order, then leave the sheet to
    be closed. ``formats(value)`` is the number format a date is shown with
    (None: not a date)."""
    ws._get_writer()
    writer = ws._writer
    xf = writer.xf.send(True)
    width = max((len(r) for r in rows), default=0)
    letters = [get_column_letter(i) for i in range(1, width + 1)]
    styles: dict[str, str] = {}
    texts: dict[str, str] = {}
    epoch = ws.parent.epoch
    with xf.element("sheetData"):
        for idx, row in enumerate(rows, 1):
            xml = _row_xml(ws, row, idx, letters, styles, texts, formats, epoch) if LXML else None
            if xml is not None:
                xf.write(etree.fromstring(xml))
            else:
                writer.write_row(xf, ws._values_to_row([_openpyxl_value(ws, v, formats) for v in row], idx), idx)
    writer.xf.send(None)
    ws._rows = _Written()


def _openpyxl_value(ws: WriteOnlyWorksheet, value: Any, formats: Callable[[Any], str | None]) -> Any:
    fmt = formats(value)
    if fmt is None:
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = fmt
    return cell


def _style(ws: WriteOnlyWorksheet, value: Any, fmt: str, styles: dict[str, str]) -> str:
    """The style id openpyxl gives a date cell of format ``fmt`` (registered once)."""
    have = styles.get(fmt)
    if have is None:
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = fmt
        have = styles[fmt] = str(cell.style_id)
    return have


def _text(value: str) -> str | None:
    """A text cell's content as openpyxl writes it; None for one it decides otherwise."""
    if (not value or len(value) > MAX_TEXT or value[0] == "=" or value in ERROR_CODES
            or ILLEGAL_CHARACTERS_RE.search(value)):
        return None
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    if _MARKUP.search(value):
        value = value.translate(_ESCAPES)
    return f"<is><t{space}>{value}</t></is>"


def _row_xml(ws: WriteOnlyWorksheet, row: Sequence[Any], idx: int, letters: list[str], styles: dict[str, str],
             texts: dict[str, str], formats: Callable[[Any], str | None], epoch: dt.datetime) -> str | None:
    """The row as openpyxl writes it, or None when it is not plain values."""
    n = str(idx)
    parts = [f'<row r="{n}">']
    for col, value in enumerate(row):
        if value is None:
            continue
        kind = type(value)
        ref = letters[col] + n
        if kind is str:
            text = texts.get(value)
            if text is None:
                text = _text(value)
                if text is None:
                    return None
                if len(value) <= 100:  # option texts, statuses, names: the same few again and again
                    texts[value] = text
            parts.append(f'<c r="{ref}" t="inlineStr">{text}</c>')
        elif kind is int or kind is float:
            if value != value or value in (float("inf"), float("-inf")):
                return None
            parts.append(f'<c r="{ref}" t="n"><v>{value:.16g}</v></c>')
        elif kind is bool:
            parts.append(f'<c r="{ref}" t="b"><v>{value:.16g}</v></c>')
        elif kind is dt.datetime or kind is dt.date:
            fmt = formats(value)
            if fmt is None or getattr(value, "tzinfo", None) is not None:
                return None
            style = _style(ws, value, fmt, styles)
            parts.append(f'<c r="{ref}" s="{style}" t="n"><v>{to_excel(value, epoch):.16g}</v></c>')
        else:
            return None
    if len(parts) == 1:  # no cell: openpyxl writes the row open and closed, not as one empty tag
        return None
    parts.append("</row>")
    return "".join(parts)
