"""The totals of one round over an admin's scope — the province picture.

What a province report quotes ("toàn tỉnh tổ chức N cuộc đối thoại, tiếp
nhận M đơn, đã giải quyết K (tỷ lệ K/M)") is computed here from the units
that submitted (submitted or accepted; drafts are unfinished):

* **counts** — each count question summed over the scope, and by unit level;
* **rates** — pooled from their count pairs: Σ numerators ÷ Σ denominators,
  over the units that gave both (an average of units' percentages is wrong);
* **attainment** — for each question with a target, how many of the units it
  *applies to* meet it (a question hidden by an earlier answer does not apply;
  a unit it applies to that left it blank does not meet it);
* **lists** and **texts** — each unit's text answers, by question;
* **punctuality** — each reporting unit on time, late, overdue or pending.

Which question is which figure is read by :mod:`bot.domain.figures`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import add
from typing import Any

from bot.domain.figures import is_count, is_list, is_text, rate_pair
from bot.domain.plan.model import Question, Target
from bot.domain.questions.stats import count_meeting, meets, number_or_none, numbers_in, target_json
from bot.domain.reports import RoundData
from bot.domain.status import DONE

PUNCTUALITY = ("on_time", "late", "overdue", "pending")
# Unit levels the catalogues name (``admin.totals.level.<level>``); another
# level is shown by its code.
LEVELS = ("tinh", "huyen", "xa", "phuong", "so", "don-vi")


def punctuality(status: str, days_late: int, overdue: bool) -> str:
    """A unit's submission against the deadline: ``on_time`` / ``late`` (done,
    by :func:`bot.domain.reports.days_late`), ``overdue`` (not done, past the
    deadline) or ``pending`` (not done, still in time)."""
    if status in DONE:
        return "late" if days_late > 0 else "on_time"
    return "overdue" if overdue else "pending"


def _ratio(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _whole(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 2)


@dataclass(frozen=True, slots=True)
class CountTotal:
    id: str
    text: str
    text_en: str | None
    total: int | float
    units: int  # units that gave it
    by_level: tuple[tuple[str, int | float], ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "text_en": self.text_en, "total": self.total,
                "units": self.units, "by_level": dict(self.by_level)}


@dataclass(frozen=True, slots=True)
class RateTotal:
    id: str
    text: str
    text_en: str | None
    numerator: str
    denominator: str
    part: int | float
    whole: int | float
    pct: float | None  # None: nothing to divide by
    units: int
    target: Target | None
    meets_target: bool | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "text_en": self.text_en, "numerator": self.numerator,
                "denominator": self.denominator, "part": self.part, "whole": self.whole, "pct": self.pct,
                "units": self.units, "target": target_json(self.target), "meets_target": self.meets_target}


@dataclass(frozen=True, slots=True)
class Attainment:
    id: str
    text: str
    text_en: str | None
    target: Target
    applies: int  # units the question applies to
    met: int
    blank: int  # of those, units that left it unanswered
    pct: float | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "text_en": self.text_en, "target": target_json(self.target),
                "applies": self.applies, "met": self.met, "blank": self.blank, "pct": self.pct}


@dataclass(frozen=True, slots=True)
class TextItem:
    unit: str
    name: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "name": self.name, "text": self.text}


@dataclass(frozen=True, slots=True)
class TextGroup:
    id: str
    text: str
    text_en: str | None
    items: tuple[TextItem, ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "text_en": self.text_en,
                "items": [i.to_json() for i in self.items]}


@dataclass(frozen=True, slots=True)
class Totals:
    units: int  # units that submitted (the totals' base)
    counts: tuple[CountTotal, ...]
    rates: tuple[RateTotal, ...]
    attainment: tuple[Attainment, ...]
    lists: tuple[TextGroup, ...]
    texts: tuple[TextGroup, ...]
    punctuality: tuple[tuple[str, int], ...]

    def count(self, question_id: str) -> CountTotal | None:
        return next((c for c in self.counts if c.id == question_id), None)

    def rate(self, question_id: str) -> RateTotal | None:
        return next((r for r in self.rates if r.id == question_id), None)

    def to_json(self) -> dict[str, Any]:
        return {"units": self.units, "counts": [c.to_json() for c in self.counts],
                "rates": [r.to_json() for r in self.rates], "attainment": [a.to_json() for a in self.attainment],
                "lists": [g.to_json() for g in self.lists], "texts": [g.to_json() for g in self.texts],
                "punctuality": dict(self.punctuality)}


def _count(q: Question, done: list[tuple[Any, dict[str, Any], frozenset[str]]],
           by_level: dict[str, list[dict[str, Any]]]) -> CountTotal:
    """The question's numbers summed over the units that gave one, in unit
    order (``reduce``: the very additions, in the very order, of a loop), and
    over each level's units (``by_level``: the done units' answers by level,
    in unit order)."""
    qid = q.id
    given = numbers_in([answers.get(qid) for _u, answers, _shown in done])
    levels = {lvl: xs for lvl, group in by_level.items() if (xs := numbers_in([a.get(qid) for a in group]))}
    return CountTotal(q.id, q.text, q.text_en, _whole(reduce(add, given, 0.0)), len(given),
                      tuple((lvl, _whole(reduce(add, xs, 0.0))) for lvl, xs in sorted(levels.items())))


def _rate(q: Question, pair: tuple[str, str], done: list[tuple[Any, dict[str, Any], frozenset[str]]]) -> RateTotal:
    part = whole = 0.0
    units = 0
    for _u, answers, _shown in done:
        a, b = number_or_none(answers.get(pair[0])), number_or_none(answers.get(pair[1]))
        if a is None or b is None:
            continue
        part, whole, units = part + a, whole + b, units + 1
    pct = _ratio(part, whole)
    verdict = None if q.target is None or pct is None else meets(q.target, pct)
    return RateTotal(q.id, q.text, q.text_en, pair[0], pair[1], _whole(part), _whole(whole), pct, units,
                     q.target, verdict)


_UNSET: Any = object()


def value_of(q: Question, answers: dict[str, Any], pair: tuple[str, str] | None = _UNSET) -> Any:
    """The unit's answer, or for a rate it did not type its pair's ratio (a
    calculated question's value is computed, not typed). ``pair``: the
    question's :func:`rate_pair`, when the caller has it already."""
    value = answers.get(q.id)
    if value is not None:
        return value
    if pair is _UNSET:
        pair = rate_pair(q)
    if pair is None:
        return value
    a, b = number_or_none(answers.get(pair[0])), number_or_none(answers.get(pair[1]))
    return None if a is None or b is None else _ratio(a, b)


def _attainment(q: Question, target: Target, done: list[tuple[Any, dict[str, Any], frozenset[str]]]) -> Attainment:
    qid = q.id
    applies = [answers for _u, answers, shown in done if qid in shown]
    pair = rate_pair(q)
    values = [a.get(qid) for a in applies] if pair is None else [value_of(q, a, pair) for a in applies]
    met = count_meeting(target, values)
    blank = values.count(None)
    return Attainment(q.id, q.text, q.text_en, target, len(applies), met, blank, _ratio(met, len(applies)))


def _texts(q: Question, done: list[tuple[Any, dict[str, Any], frozenset[str]]]) -> TextGroup:
    qid = q.id
    items = []
    for u, a, _s in done:
        value = a.get(qid)
        if isinstance(value, str) and (text := str(value).strip()):
            items.append(TextItem(u.code, u.name, text))
    return TextGroup(q.id, q.text, q.text_en, tuple(items))


def compute_totals(data: RoundData) -> Totals:
    questions = data.plan.plan.questions(data.round_id)
    done = []
    marks = {p: 0 for p in PUNCTUALITY}
    for u in data.units:  # one pass: the units that submitted, and everyone's punctuality
        status = data.status(u.id)
        marks[punctuality(status, data.days_late(u.id), data.overdue(u.id))] += 1
        if status in DONE:
            done.append((u, data.asked_answers(u.id), data.shown_ids(u.id)[0]))
    pairs = {q.id: p for q in questions if (p := rate_pair(q)) is not None}
    by_level: dict[str, list[dict[str, Any]]] = {}
    for u, answers, _shown in done:
        by_level.setdefault(u.level, []).append(answers)
    return Totals(
        units=len(done),
        counts=tuple(_count(q, done, by_level) for q in questions if is_count(q)),
        rates=tuple(_rate(q, pairs[q.id], done) for q in questions if q.id in pairs),
        attainment=tuple(_attainment(q, q.target, done) for q in questions if q.target is not None),
        lists=tuple(_texts(q, done) for q in questions if is_list(q)),
        texts=tuple(_texts(q, done) for q in questions if is_text(q) and not is_list(q)),
        punctuality=tuple(marks.items()),
    )
