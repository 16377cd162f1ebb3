"""How an exported sheet looks in Excel: its name (from a round's title,
within Excel's rules), a frozen header row, an auto-filter, column widths
fitted to the content and dates shown the Vietnamese way.

openpyxl's write-only sheets stream rows out as they are appended, and the
columns' widths are written before the first row: so a :class:`Sheet` keeps
its rows until :meth:`Sheet.close`, which measures them first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.services.export_rows import write_rows

MAX_NAME = 31  # Excel refuses longer sheet names
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")  # characters Excel refuses in a sheet name
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
MIN_WIDTH, MAX_WIDTH = 6, 50  # in characters; a long question text wraps rather than widening for ever


def sheet_name(title: str, taken: set[str]) -> str:
    """``title`` as a valid sheet name not yet in ``taken`` (compared as Excel
    does, ignoring case); the name is added to ``taken``."""
    clean = " ".join(FORBIDDEN.sub(" ", title).split()).strip("'") or "Sheet"
    used = {n.casefold() for n in taken}
    name, n = _cut(clean, MAX_NAME), 1
    while name.casefold() in used:
        n += 1
        suffix = f" ({n})"
        name = _cut(clean, MAX_NAME - len(suffix)) + suffix
    taken.add(name)
    return name


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit]
    if text[limit] == " ":
        return head
    # End on a whole word when that keeps most of the room.
    space = head.rfind(" ")
    return (head[:space] if space >= limit * 2 // 3 else head).rstrip(" -,;.'")


class Sheet:
    """A write-only sheet whose rows are laid out when it is closed."""

    def __init__(self, wb: Workbook, title: str) -> None:
        self.ws: WriteOnlyWorksheet = wb.create_sheet(title)
        self.rows: list[list[Any]] = []
        self.filter_row: int | None = None

    def header(self, row: Sequence[Any], *, filtered: bool = True) -> None:
        """A header row; the first one is frozen, the one ``filtered`` (the
        last such) gets the auto-filter over the rows below it."""
        self.rows.append(list(row))
        if filtered:
            self.filter_row = len(self.rows)

    def append(self, row: Sequence[Any]) -> None:
        self.rows.append(list(row))

    def close(self) -> None:
        width = max((len(r) for r in self.rows), default=0)
        for col, chars in enumerate(_widths(self.rows, width), 1):
            self.ws.column_dimensions[get_column_letter(col)].width = chars
        if self.rows:
            self.ws.freeze_panes = "A2"
        if self.filter_row is not None and width:
            self.ws.auto_filter.ref = f"A{self.filter_row}:{get_column_letter(width)}{len(self.rows)}"
        write_rows(self.ws, self.rows, date_format)


def date_format(value: Any) -> str | None:
    """How a date (or date and time) cell is shown; None for any other value."""
    if not isinstance(value, dt.date):
        return None
    return DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT


def _widths(rows: list[list[Any]], width: int) -> list[float]:
    chars = [MIN_WIDTH] * width
    for row in rows:
        for i, value in enumerate(row):
            chars[i] = max(chars[i], _length(value))
    return [min(c + 2, MAX_WIDTH) for c in chars]


def _length(value: Any) -> int:
    kind = type(value)
    if kind is int or kind is float:  # the common cells first: no line breaks to look for
        return len(str(value))
    if kind is str and value.isprintable():  # a printable string holds no line boundary
        return len(value)
    if isinstance(value, Cell):
        value = value.value
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, dt.date):
        return len(DATE_FORMAT)
    return max((len(line) for line in str(value).splitlines()), default=0)
