"""``date``: a day, stored ISO. Typed as documents write it (``20/01/2026``,
``20.1.2026``), ISO (``2026-01-20``), without the year (``20/1``: the round's
year) or in the administrative form (``ngày 20 tháng 1 năm 2026``, accents
optional, the year optional too).

A date must lie in its round's plausible range, from 1 January of the year
before the round's year to 31 December of that year (the round's year is its
deadline's; a report looks back over its period, a plan's dates fall in its
year): "20/1/2026" at a 2025 round, or "2052" for "2025", is refused with a
message naming the range. The domain reads no clock, so "in the future" means
after the round's year; a question outside a plan has no range."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from bot.core.text import fold, format_date
from bot.domain.questions.base import AnswerError, Day, Hint, QuestionKind, Shown

if TYPE_CHECKING:
    from bot.domain.plan.model import Question

_SEP = r"\s*[/.-]\s*"
_DMY = re.compile(rf"^(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<y>\d{{4}}))?$")
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_WORDS = re.compile(r"^(?:ngay\s+)?(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})(?:\s*(?:nam|,)?\s*(?P<y>\d{4}))?$")


def _parts(raw: str) -> tuple[int, int, int | None] | None:
    s = raw.strip()
    m = _DMY.match(s) or _ISO.match(s) or _WORDS.match(fold(s))
    if m is None:
        return None
    return int(m["d"]), int(m["m"]), int(m["y"]) if m["y"] else None


EXAMPLE_YEAR = 2025  # for a question outside a plan, which knows no round


def _example_year(q: Question) -> int:
    return q.round_year or EXAMPLE_YEAR


def round_range(year: int) -> tuple[dt.date, dt.date]:
    """The dates a round of ``year`` plausibly asks about (see the module)."""
    return dt.date(year - 1, 1, 1), dt.date(year, 12, 31)


def _check_in_round(q: Question, date: dt.date) -> None:
    if q.round_year is None:
        return
    first, last = round_range(q.round_year)
    if date > last:
        raise AnswerError("answer.date_after_round", value=format_date(date), year=q.round_year, last=format_date(last))
    if date < first:
        raise AnswerError("answer.date_before_round", value=format_date(date), year=q.round_year,
                          first=format_date(first))


class DateKind(QuestionKind):
    name = "date"

    def parse(self, q: Question, raw: str) -> str:
        year = _example_year(q)
        parts = _parts(raw)
        # Without a round (only a question built outside a plan) a date must name its year:
        # the domain has no clock to guess one from.
        if parts is None or (parts[2] is None and q.round_year is None):
            raise AnswerError("answer.bad_date", value=raw[:40], year=year)
        day, month, typed_year = parts
        try:
            date = dt.date(typed_year or year, month, day)
        except ValueError as exc:
            raise AnswerError("answer.no_such_date", value=raw[:40]) from exc
        _check_in_round(q, date)
        return date.isoformat()

    def bare(self, raw: str) -> bool:
        return _parts(raw) is not None

    def hint(self, q: Question) -> Hint:
        return Hint("render.hint.date", params=(("year", _example_year(q)),))

    def shown(self, q: Question, value: Any, lang: str) -> Shown:
        return Day(str(value))

    def cell(self, q: Question, value: Any, lang: str) -> Any:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)


KIND = DateKind()
