"""What kind of figure a question is, for totals and the Word report: the one
reader of the plan's report-figure declarations.

* a **count** (an ``integer`` question) adds up over units: "toàn tỉnh tổ
  chức N cuộc đối thoại";
* a **rate** is pooled from a pair of counts — the sum of numerators over the
  sum of denominators — never averaged over units' percentages. A rate names
  its pair either as a ``calculated`` question's expression (``a / b * 100``)
  or, on a ``percent`` question, as ``of: [numerator, denominator]``;
* a **list** gathers each unit's text (e.g. the names of the "Dân vận khéo"
  models), declared ``list: true`` on a text question;
* a **text** is any free-text answer, grouped by question (difficulties,
  proposals).

Every attribute is read here and only here, so the plan model's spelling of
them can change in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.domain.plan.model import Question, QuestionType
from bot.domain.questions import formula

CALCULATED = "calculated"


def is_count(q: Question) -> bool:
    return q.type == QuestionType.INTEGER


def is_text(q: Question) -> bool:
    return q.type == QuestionType.TEXT


def is_list(q: Question) -> bool:
    return is_text(q) and q.is_list


def expression(q: Question) -> str | None:
    """A calculated question's expression over earlier answers
    (``formula``, :mod:`bot.domain.questions.formula`), if any."""
    return q.formula


def rate_pair(q: Question) -> tuple[str, str] | None:
    """The (numerator, denominator) question ids a rate is pooled from."""
    declared: Any = getattr(q, "of", None) or getattr(q, "pair", None)
    if isinstance(declared, Sequence) and not isinstance(declared, str) and len(declared) == 2:
        return str(declared[0]), str(declared[1])
    expr = expression(q)
    if expr is None:
        return None
    try:
        return formula.rate_pair(formula.parse(expr))
    except ValueError:  # the plan model refuses such a formula; a stored copy may predate it
        return None


def is_rate(q: Question) -> bool:
    return rate_pair(q) is not None


# The closing parts of a report (standard report outline: III. đánh giá chung,
# IV. phương hướng, V. kiến nghị), and the last segment of the question ids
# that hold them when the plan does not say ``report_part:``.
CLOSING_PARTS = ("strengths", "weaknesses", "causes", "difficulties", "proposals", "next_tasks")
_CLOSING_IDS = {
    "uu-diem": "strengths", "han-che": "weaknesses", "nguyen-nhan": "causes", "kho-khan": "difficulties",
    "kien-nghi": "proposals", "de-xuat": "proposals", "phuong-huong": "next_tasks", "nhiem-vu": "next_tasks",
}


def closing_part(q: Question) -> str | None:
    """Which closing part of the report a text question holds, if any."""
    declared = getattr(q, "report_part", None)
    if isinstance(declared, str) and declared in CLOSING_PARTS:
        return declared
    if not is_text(q):
        return None
    return _CLOSING_IDS.get(q.id.rsplit(".", 1)[-1])
