"""``date``: a day, stored ISO. Typed as documents write it (``20/01/2026``,
``20.1.2026``), ISO (``2026-01-20``), without the year (``20/1``: the round's
year) or in the administrative form (``ngày 20 tháng 1 năm 2026``, accents
optional, the year optional too)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from bot.core.text import fold
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
            return dt.date(typed_year or year, month, day).isoformat()
        except ValueError as exc:
            raise AnswerError("answer.no_such_date", value=raw[:40]) from exc

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
