"""A plan copied to another year: dates moved, and the years its wording names.

Every ISO date moves by the difference in years. In the wording (titles,
question and option texts, targets, deadline texts, milestones) a year is
moved when it is the plan's year or the year before it ("năm 2025" →
"năm 2026", "so với năm 2024" → "so với năm 2025") and it stands alone.
A year inside a period ("giai đoạn 2021 - 2025") or a date ("ngày 06/3/2025",
"ngày 6 tháng 3 năm 2025") is left as written — it usually cites another
document — and the text is reported, so the admin checks it; in a round's
``deadline_text`` a date *is* the deadline, so it moves with it. The
``document`` block describes last year's document and is not touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_PERIOD = re.compile(r"\b\d{4}\s*[-–—]\s*\d{4}\b")
_DATE = re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\b|\btháng\s+\d{1,2}\s*(?:,\s*)?năm\s+\d{4}\b",
                   re.IGNORECASE)
_SKIP = frozenset({"document", "id", "code", "source"})  # not wording, or last year's document


@dataclass(frozen=True, slots=True)
class Unmoved:
    """A text naming the plan's year (or the year before) in a place that
    was not safely moved: ``path`` is where it is in the plan file."""

    path: str
    text: str


def move_years(text: str, old: int, years: int, *, dates_move: bool = False) -> tuple[str, bool]:
    """``text`` with its standalone mentions of ``old`` and ``old - 1`` moved
    by ``years``; the flag says whether such a year was left in a period or
    a date (a date moves too when ``dates_move``)."""
    movable = {old, old - 1}
    guarded = [m.span() for m in _PERIOD.finditer(text)]
    if not dates_move:
        guarded += [m.span() for m in _DATE.finditer(text)]
    left = False
    out: list[str] = []
    last = 0
    for m in re.finditer(r"(?<!\w)\d{4}(?!\w)", text):  # not part of a longer number or a word
        year = int(m.group())
        if year not in movable:
            continue
        if any(a <= m.start() < b for a, b in guarded):
            left = True
            continue
        out.append(text[last:m.start()])
        out.append(str(year + years))
        last = m.end()
    out.append(text[last:])
    return "".join(out), left


def _walk(value: Any, path: str) -> Iterator[tuple[str, dict[str, Any] | list[Any], str | int]]:
    """Every string in the plan data outside the skipped keys, as (path, container, key)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k in _SKIP:
                continue
            here = f"{path}.{k}" if path else str(k)
            if isinstance(v, str):
                yield here, value, k
            else:
                yield from _walk(v, here)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, str):
                yield f"{path}[{i}]", value, i
            else:
                yield from _walk(v, f"{path}[{i}]")


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def move_wording(data: dict[str, Any], old: int, years: int) -> list[Unmoved]:
    """Move the years in every text of ``data`` (in place); return the texts
    left for the admin to check."""
    unmoved: list[Unmoved] = []
    for path, container, key in list(_walk(data, "")):
        text = container[key]  # type: ignore[index]
        if _ISO.fullmatch(text):
            continue  # dates are moved as dates
        new, left = move_years(text, old, years, dates_move=path.endswith("deadline_text"))
        container[key] = new  # type: ignore[index]
        if left:
            unmoved.append(Unmoved(path, new))
    return unmoved
