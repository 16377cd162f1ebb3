"""The plan file as data: a pydantic model of a yearly dân vận plan.

A plan is a versioned YAML file (``schema_version``) that a home-affairs
officer can read and diff year to year. It holds the document's metadata,
its reporting rounds (each with a deadline and a questionnaire) and, for
scoring rounds, a rubric whose criteria are asked as questions.

The parts live in small modules (``parts``, ``question``, ``rubric``, and the
round kinds in ``rounds``); every name is importable from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from bot.core.errors import UndatedRound
from bot.domain.plan.deadlines import DeadlineKind, last_day
from bot.domain.plan.parts import (
    Audience,
    Condition,
    Document,
    Id,
    Milestone,
    Option,
    Period,
    Range,
    Reference,
    ReminderPolicy,
    Reporters,
    Strict,
    Target,
    condition_holds,
)
from bot.domain.plan.question import NUMERIC_TYPES, Question, QuestionType
from bot.domain.plan.rounds import RoundKindName, round_kind
from bot.domain.plan.rubric import (
    Band,
    Criterion,
    Rubric,
    RubricGroup,
    rubric_questions,
    score_question_id,
)
from bot.domain.questions import kind_of
from bot.domain.units import UnitKind, asked

SCHEMA_VERSION = 1

__all__ = [
    "NUMERIC_TYPES", "SCHEMA_VERSION", "Audience", "Band", "Condition", "Criterion", "Document", "Id", "Milestone",
    "Option", "Period", "Plan", "Question", "QuestionType", "Range", "Reference", "ReminderPolicy", "Reporters",
    "Round", "Rubric", "RubricGroup", "Section", "Strict", "Target", "condition_holds", "rubric_questions",
    "score_question_id",
]


class Section(Strict):
    id: Id
    title: str
    title_en: str | None = None
    source: str | None = None
    # Asked only of these units (levels or types; the rule: bot.domain.units.asked),
    # e.g. an agency's own duties in the plan's implementation part.
    applies_to: Audience | None = None
    questions: list[Question]


class Round(Strict):
    id: Id
    title: str
    title_en: str | None = None
    kind: RoundKindName = "report"
    # The date as the document states it; none where the plan gives no date
    # ("định kỳ 6 tháng, năm"): the round is flagged until an admin sets one
    # (``dvbot plan set-deadline``, which records ``deadline_source: admin``).
    deadline: dt.date | None = None
    # "trước ngày X" (before): the last day is the working day before X;
    # "chậm nhất ngày X" (by): X itself. See ``due``.
    deadline_kind: DeadlineKind = "by"
    deadline_text: str | None = None  # as the document words it, e.g. "trước ngày 20/5/2025"
    deadline_source: Literal["document", "admin"] = "document"
    recipient: str | None = None  # to whom: "UBND tỉnh (qua Sở Nội vụ)"
    reporters: Reporters = Field(default_factory=Reporters)  # who reports (rule: bot.domain.units)
    period: Period | None = None  # what the figures cover
    # Earlier rounds asking the same figures (same question ids): their answers
    # are shown with this round's questions ("Kỳ trước: 12", kept with "giữ");
    # none named: every earlier round (bot/domain/prefill.py).
    carry_from: list[Id] = Field(default_factory=list)
    source: str | None = None
    reminders: ReminderPolicy | None = None
    sections: list[Section] = Field(default_factory=list)
    rubric: str | None = None  # id of a rubric whose criteria are asked as questions (scoring rounds)

    @model_validator(mode="after")
    def _check_kind(self) -> Round:
        round_kind(self.kind).check(self)
        if self.deadline is None and not self.deadline_text:
            raise ValueError(
                f"round {self.id!r} has no deadline: quote what the document says instead "
                "in deadline_text (e.g. \"định kỳ 6 tháng, năm\")"
            )
        if self.deadline is None and self.deadline_source == "admin":
            raise ValueError(f"round {self.id!r}: an admin-set deadline needs its date")
        return self

    @property
    def due(self) -> dt.date:
        """The last day a report is on time: the one reading of ``deadline`` and
        ``deadline_kind`` (:func:`bot.domain.plan.deadlines.last_day`), which
        reminders, lateness, summaries and every deadline shown use. An undated
        round has none (:class:`UndatedRound`): every list of rounds leaves such a
        round out (:meth:`Plan.dated_rounds`) until an admin sets its date."""
        if self.deadline is None:
            raise UndatedRound(f"round {self.id!r} has no deadline yet", round=self.title)
        return last_day(self.deadline, self.deadline_kind)

    @property
    def undated(self) -> bool:
        """The plan gives no date and no admin has set one: nothing is chased."""
        return self.deadline is None


def _check_when(rnd: Round, q: Question, seen: dict[str, Question]) -> None:
    """Each ``when`` names an earlier question, with a condition its type takes."""
    for ref, condition in (q.when or {}).items():
        earlier = seen.get(ref)
        if earlier is None:
            raise ValueError(
                f"round {rnd.id!r}: question {q.id!r} 'when' names "
                f"{ref!r}, which is not an earlier question"
            )
        kind = kind_of(earlier.type)
        if isinstance(condition, Range):
            if not kind.when_range:
                raise ValueError(
                    f"round {rnd.id!r}: question {q.id!r} 'when' gives a range "
                    f"for {ref!r}, which is not a number question"
                )
            continue
        known = {o.id for o in earlier.options}
        unknown = [o for o in condition if o not in known]
        if not kind.when_options or unknown:
            raise ValueError(
                f"round {rnd.id!r}: question {q.id!r} 'when' needs options "
                f"of choice question {ref!r}; unknown: {unknown}"
            )


def _check_refs(rnd: Round, q: Question, seen: dict[str, Question]) -> None:
    """A calculated question reads earlier number questions of its round."""
    for ref in kind_of(q.type).refs(q):
        earlier = seen.get(ref)
        if earlier is None or not kind_of(earlier.type).when_range:
            raise ValueError(
                f"round {rnd.id!r}: question {q.id!r} is worked out from {ref!r}, "
                "which is not an earlier number question"
            )


class Plan(Strict):
    _questions: dict[tuple[str, bool], tuple[Any, Any, list[Question], dict[str, Audience]]] = PrivateAttr(
        default_factory=dict)  # see questions()
    schema_version: Literal[1]
    code: Id
    title: str
    title_en: str | None = None
    document: Document
    year: int = Field(ge=2000, le=2100)
    level: Literal["tinh", "huyen", "xa", "so", "don-vi"]
    # Unit codes whose subtrees report on this plan; empty: every unit.
    applies_to: list[str] = Field(default_factory=list)
    reminders: ReminderPolicy = Field(default_factory=ReminderPolicy)
    targets: list[Target] = Field(default_factory=list)  # section III, as written
    rounds: list[Round]
    milestones: list[Milestone] = Field(default_factory=list)
    rubrics: list[Rubric] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_references(self) -> Plan:
        round_ids = [r.id for r in self.rounds]
        if len(set(round_ids)) != len(round_ids):
            raise ValueError("round ids must be unique")
        rubric_ids = {r.id for r in self.rubrics}
        for c in (c for rubric in self.rubrics for c in rubric.criteria()):
            for rid in c.computed.rounds if c.computed else []:
                if rid not in round_ids:
                    raise ValueError(f"criterion {c.id!r} is computed from unknown round {rid!r}")
        for rnd in self.rounds:
            for rid in rnd.carry_from:
                if rid not in round_ids or rid == rnd.id:
                    raise ValueError(f"round {rnd.id!r} carries figures from {rid!r}, not another round of the plan")
            if rnd.rubric is not None and rnd.rubric not in rubric_ids:
                raise ValueError(f"round {rnd.id!r} names unknown rubric {rnd.rubric!r}")
            seen: dict[str, Question] = {}
            for section in rnd.sections:
                for q in section.questions:
                    if q.id in seen:
                        raise ValueError(f"round {rnd.id!r}: duplicate question id {q.id!r}")
                    _check_when(rnd, q, seen)
                    _check_refs(rnd, q, seen)
                    seen[q.id] = q
        return self

    @property
    def dated_rounds(self) -> list[Round]:
        """The rounds with a deadline, in the plan's order: what officers see,
        reminders chase and admins summarise. A round the plan gives no date
        ("định kỳ 6 tháng, năm") waits in :attr:`undated_rounds` for an admin."""
        return [r for r in self.rounds if not r.undated]

    @property
    def undated_rounds(self) -> list[Round]:
        return [r for r in self.rounds if r.undated]

    def with_deadline(self, round_id: str, deadline: dt.date) -> Plan:
        """This plan with the round's date set by an admin (``deadline_source:
        admin``), for a round the plan gives no date or one an admin set before."""
        rnd = self.round(round_id)
        if rnd.deadline_source == "document" and rnd.deadline is not None:
            raise ValueError(f"round {round_id!r} has the document's deadline; change it in the plan file")
        data = self.to_data()
        for r in data["rounds"]:
            if r["id"] == round_id:
                r.update(deadline=deadline.isoformat(), deadline_source="admin", deadline_kind="by")
        return Plan.model_validate(data)

    def round(self, round_id: str) -> Round:
        for rnd in self.rounds:
            if rnd.id == round_id:
                return rnd
        raise KeyError(round_id)

    def rubric(self, rubric_id: str) -> Rubric:
        for rubric in self.rubrics:
            if rubric.id == rubric_id:
                return rubric
        raise KeyError(rubric_id)

    def questions(self, round_id: str, *, reported: bool = False, unit: UnitKind | None = None) -> list[Question]:
        """The round's questionnaire, flat (a scoring round's rubric criteria as questions).

        ``reported=True`` adds the criteria the bot computes and stores itself
        (punctuality): never asked, but part of what a summary, an export or an
        admin reading a unit shows. ``unit`` keeps only the questions asked of
        that unit: a section with ``applies_to`` is left out for a unit it does
        not name (:func:`bot.domain.units.asked`); without ``unit``, every
        question of the round (a plan-wide list: export columns, the plan sheet)."""
        # Built once per round (a summary asks once per unit). The plan is frozen,
        # but model_copy(update=...) shares this cache with the copy: an entry
        # counts only for the very round and rubrics it was built from.
        rnd = self.round(round_id)
        entry = self._questions.get((round_id, reported))
        if entry is None or entry[0] is not rnd or entry[1] is not self.rubrics:
            kind = round_kind(rnd.kind)
            year = rnd.deadline.year if rnd.deadline else self.year
            built = [q.in_round(year) for q in kind.questions(self, rnd, reported=reported)]
            audiences = {q.id: s.applies_to for s in rnd.sections if s.applies_to for q in s.questions}
            entry = self._questions[(round_id, reported)] = (rnd, self.rubrics, built, audiences)
        if unit is None or not entry[3]:  # every question: no section names its audience
            return list(entry[2])
        return [q for q in entry[2] if asked(unit, entry[3].get(q.id))]

    def scoring_rubric(self, round_id: str) -> Rubric | None:
        """The rubric a round is scored by; ``None`` for a round that is not scored."""
        rnd = self.round(round_id)
        return round_kind(rnd.kind).rubric(self, rnd)

    def reporters_of(self, round_id: str | None = None) -> list[Reporters]:
        """Who reports on the round (``None``: on each round); the rule that reads
        it is :func:`bot.domain.units.reports_on`."""
        return [r.reporters for r in self.rounds if round_id is None or r.id == round_id]

    def policy(self, round_id: str) -> ReminderPolicy:
        return self.round(round_id).reminders or self.reminders

    def to_data(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)
