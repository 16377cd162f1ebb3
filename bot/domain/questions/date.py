"""``date``: a day typed dd/mm/yyyy, stored ISO."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from bot.domain.questions.base import AnswerError, Day, QuestionKind, Shown

if TYPE_CHECKING:
    from bot.domain.plan.model import Question

_DATE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")


class DateKind(QuestionKind):
    name = "date"

    def parse(self, q: Question, raw: str) -> str:
        m = _DATE.match(raw.strip())
        if not m:
            raise AnswerError("answer.bad_date", value=raw[:40])
        day, month, year = (int(g) for g in m.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError as exc:
            raise AnswerError("answer.no_such_date", value=raw[:40]) from exc

    def shown(self, q: Question, value: Any, lang: str) -> Shown:
        return Day(str(value))

    def cell(self, q: Question, value: Any, lang: str) -> Any:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)


KIND = DateKind()
