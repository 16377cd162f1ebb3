"""Reading a units CSV (code, name, parent code, level, type): UTF-8 with or
without BOM, ``,`` or ``;`` separated (Excel in a Vietnamese locale writes
``;``), an optional header row; errors name the line. The level and the type
may be left out; the type ("thanh-tra") is what a plan's section
``applies_to: {types: […]}`` names, lower-cased."""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from bot.core.errors import CsvError
from bot.domain.entities import ImportRow

HEADER_WORDS = {"code", "ma", "mã", "ma don vi", "mã đơn vị", "unit", "unit code"}
DEFAULT_LEVEL = "don-vi"
TYPE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")  # as a plan's Id


def decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CsvError(f"line {line}: not UTF-8 text (save the file as 'CSV UTF-8')") from exc
    return unicodedata.normalize("NFC", text)


def parse_units(raw: bytes) -> list[ImportRow]:
    text = decode(raw)
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows: list[ImportRow] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for cells in reader:
        line = reader.line_num
        cells = [c.strip() for c in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not rows and cells[0].lower() in HEADER_WORDS:
            continue
        if len(cells) < 2:
            raise CsvError(f"line {line}: expected code{delimiter} name{delimiter} parent code{delimiter} level"
                           f"{delimiter} type")
        if len(cells) > 5 and any(cells[5:]):
            raise CsvError(f"line {line}: more than 5 columns (is a name containing '{delimiter}' unquoted?)")
        code, name = cells[0], cells[1]
        parent = cells[2] if len(cells) > 2 and cells[2] else None
        level = cells[3] if len(cells) > 3 and cells[3] else DEFAULT_LEVEL
        kind = cells[4].lower() if len(cells) > 4 and cells[4] else None
        if kind is not None and not TYPE.fullmatch(kind):
            raise CsvError(f"line {line}: unit type {kind!r} must be lower-case letters, digits and '-' (e.g. thanh-tra)")
        if len(code) > 64 or " " in code:
            raise CsvError(f"line {line}: unit code {code!r} must be at most 64 characters, without spaces")
        rows.append(ImportRow(line, code, name, parent, level, kind))
    return rows
