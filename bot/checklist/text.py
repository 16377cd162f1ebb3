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


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
