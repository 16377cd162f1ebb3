"""Text helpers for matching what people type: case- and accent-insensitive."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lowercase, strip Vietnamese diacritics (đ → d too) and squeeze spaces."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    stripped = stripped.replace("đ", "d")
    return _SPACE.sub(" ", stripped).strip()


def small_number(text: str, digits: int = 6) -> int | None:
    """The whole number a short reply is ("3", " 12 ", "３"), else ``None``.
    ``str.isdigit`` is not enough: "²" is a digit that ``int`` refuses, and a
    huge digit string is over ``int``'s conversion limit."""
    s = text.strip()
    return int(s) if s.isdecimal() and len(s) <= digits else None


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
