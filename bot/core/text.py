"""Text helpers: matching what people type (case- and accent-insensitive),
showing dates (dd/mm/yyyy) and numbers in the reader's language, splitting
long replies, comparing secrets."""

from __future__ import annotations

import datetime as dt
import hmac
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


def format_date(d: dt.date | str) -> str:
    """``20/05/2025``: the date as Vietnamese documents write it (an ISO
    string is accepted, as answers and JSON figures store dates that way)."""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d)
    return d.strftime("%d/%m/%Y")


def format_datetime(moment: dt.datetime) -> str:
    """``20/05/2025 08:00`` in the moment's own time zone (convert first)."""
    return moment.strftime("%d/%m/%Y %H:%M")


def format_number(x: float, lang: str = "vi") -> str:
    """A number as people read it, the one formatter of chat and documents:
    in Vietnamese thousands grouped by a dot and decimals after a comma
    (``1.234``, ``1.234,5``, ``85,5``), in English the other way round
    (``1,234.5``); whole numbers without decimals, at most two decimals."""
    value = float(x)
    text = f"{int(value):,}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if text in ("-0", "0"):
        text = "0"
    return text if lang == "en" else text.translate(str.maketrans(",.", ".,"))


_SURROGATE = re.compile("[\ud800-\udfff]")


def nfc(text: str) -> str:
    """``text`` in NFC, each lone surrogate (``\\udcff`` from a bad decode,
    which UTF-8 cannot carry to a database or a chat) replaced by U+FFFD."""
    return unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", text))


def split_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into parts of at most ``limit`` characters, at line
    boundaries where possible, else at spaces, never mid-word unless a single
    word is longer than ``limit``. Order is kept; no characters are lost
    except the line breaks/spaces the split happens at."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = window.rfind("\n")
        if cut <= 0:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit  # one word longer than the limit: no choice but to cut it
            parts.append(rest[:cut])
            rest = rest[cut:]
            continue
        parts.append(rest[:cut].rstrip())
        rest = rest[cut + 1 :]
    if rest.strip():
        parts.append(rest)
    return [p for p in parts if p.strip()]


def secret_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a webhook secret header."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
