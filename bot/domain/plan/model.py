"""The plan file as data: a pydantic model of a yearly dân vận plan.

A plan is a versioned YAML file (``schema_version``) that a home-affairs
officer can read and diff year to year. It holds the document's metadata,
its reporting rounds (each with a deadline and a questionnaire) and, for
scoring rounds, a rubric whose criteria are asked as questions.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = 1

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=64)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuestionType(StrEnum):
    CHOICE = "choice"
    INTEGER = "integer"
    PERCENT = "percent"
    DECIMAL = "decimal"
    TEXT = "text"
    DATE = "date"
    EVIDENCE = "evidence"


NUMERIC_TYPES = frozenset({QuestionType.INTEGER, QuestionType.PERCENT, QuestionType.DECIMAL})


class Document(Strict):
    number: str
    date: dt.date
    issuer: str
    title: str | None = None
    source: str | None = None  # file or address the plan was transcribed from


class ReminderPolicy(Strict):
    """When reminders go out; plan-wide default, overridable per round."""

    before_days: list[int] = Field(default_factory=lambda: [7, 3, 1, 0])
    overdue_every_working_days: int = Field(default=2, ge=1)
    overdue_max: int = Field(default=3, ge=0)
    at: str = Field(default="08:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    escalate_after_overdue: int = Field(default=1, ge=0)
    admin_digest: bool = True

    @field_validator("before_days")
    @classmethod
    def _non_negative(cls, v: list[int]) -> list[int]:
        if any(d < 0 for d in v):
            raise ValueError("before_days must be >= 0")
        return sorted(set(v), reverse=True)


class Option(Strict):
    id: Id
    text: str
    text_en: str | None = None
    points: float | None = None  # for scoring: points this option gives


class Target(Strict):
    """A measurable target from section III of the plan (e.g. >= 100 %)."""

    min: float | None = None
    max: float | None = None
    equals: str | None = None  # for choice questions: the option id that meets it
    strict: bool = False  # "trên 90 %": the value must exceed min (or stay under max)
    source: str | None = None  # where in the document, e.g. "III.1"
    text: str | None = None  # the target as the document words it


class Range(Strict):
    """A ``when`` condition on a number: the follow-up applies while the
    earlier answer lies in ``min``..``max`` (e.g. ``{min: 1}``: "if any")."""

    min: float | None = None
    max: float | None = None

    def holds(self, value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


# A follow-up's condition on an earlier answer: the option ids of a choice
# question that enable it, or a range of a numeric answer.
Condition = list[str] | Range


def condition_holds(condition: Condition, value: Any) -> bool:
    if isinstance(condition, Range):
        return condition.holds(value)
    return value in condition


class Question(Strict):
    id: Id
    type: QuestionType
    text: str
    text_en: str | None = None
    help: str | None = None
    required: bool = True
    options: list[Option] = Field(default_factory=list)
    min: float | None = None
    max: float | None = None
    max_length: int | None = Field(default=None, ge=1)
    when: dict[str, Condition] | None = None  # earlier question id -> what enables this one
    target: Target | None = None
    max_points: float | None = Field(default=None, ge=0)
    source: str | None = None  # section of the document, e.g. "II.1"

    @model_validator(mode="after")
    def _check_shape(self) -> Question:
        if self.type is QuestionType.CHOICE:
            if len(self.options) < 2:
                raise ValueError("a choice question needs at least 2 options")
            ids = [o.id for o in self.options]
            if len(set(ids)) != len(ids):
                raise ValueError("option ids must be unique")
        elif self.options:
            raise ValueError(f"options are only allowed on choice questions, not {self.type}")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min must not exceed max")
        if self.type is QuestionType.PERCENT:
            for bound in (self.min, self.max):
                if bound is not None and not 0 <= bound <= 100:
                    raise ValueError("percent bounds must lie in 0..100")
        return self

    def label(self, lang: str) -> str:
        """The question's text in ``lang`` (English when given, else Vietnamese)."""
        return self.text_en if lang == "en" and self.text_en else self.text

    def option_label(self, option_id: str, lang: str) -> str:
        for o in self.options:
            if o.id == option_id:
                return o.text_en if lang == "en" and o.text_en else o.text
        return option_id

    @property
    def lower_bound(self) -> float | None:
        if self.min is not None:
            return self.min
        if self.type in (QuestionType.INTEGER, QuestionType.PERCENT):
            return 0
        return None

    @property
    def upper_bound(self) -> float | None:
        if self.max is not None:
            return self.max
        if self.type is QuestionType.PERCENT:
            return 100
        if self.max_points is not None:
            return self.max_points
        return None


class Section(Strict):
    id: Id
    title: str
    title_en: str | None = None
    source: str | None = None
    questions: list[Question]


class Band(Strict):
    label: str
    label_en: str | None = None
    min: float


class Criterion(Strict):
    id: Id
    text: str
    text_en: str | None = None
    max_points: float = Field(ge=0)
    evidence: bool = False
    upper_level_only: bool = False  # only the appraising level may award these points
    kind: Literal["normal", "bonus", "penalty"] = "normal"


class RubricGroup(Strict):
    id: Id
    title: str
    title_en: str | None = None
    criteria: list[Criterion]


class Rubric(Strict):
    id: Id
    title: str | None = None
    sample: bool = False  # True: not the official table; replace before real use
    note: str | None = None
    total_points: float = 100
    bands: list[Band]
    groups: list[RubricGroup]

    @field_validator("bands")
    @classmethod
    def _bands_descending(cls, v: list[Band]) -> list[Band]:
        if not v:
            raise ValueError("a rubric needs at least one band")
        return sorted(v, key=lambda b: b.min, reverse=True)

    def band_for(self, score: float) -> Band:
        for band in self.bands:
            if score >= band.min:
                return band
        return self.bands[-1]

    def criteria(self) -> list[Criterion]:
        return [c for g in self.groups for c in g.criteria]


class Milestone(Strict):
    """A date of the plan that units do not report for, shown for context
    (e.g. "Sở Nội vụ appraises and the province rates units before 15/12")."""

    date: dt.date
    text: str
    text_en: str | None = None
    source: str | None = None


class Round(Strict):
    id: Id
    title: str
    title_en: str | None = None
    kind: Literal["plan", "report", "scoring", "other"] = "report"
    deadline: dt.date
    deadline_text: str | None = None  # as the document words it, e.g. "trước ngày 20/5/2025"
    source: str | None = None
    reminders: ReminderPolicy | None = None
    sections: list[Section] = Field(default_factory=list)
    rubric: str | None = None  # id of a rubric whose criteria are asked as questions


class Plan(Strict):
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
        for rnd in self.rounds:
            if rnd.rubric is not None and rnd.rubric not in rubric_ids:
                raise ValueError(f"round {rnd.id!r} names unknown rubric {rnd.rubric!r}")
            if not rnd.sections and rnd.rubric is None:
                raise ValueError(f"round {rnd.id!r} has no questions and no rubric")
            seen: dict[str, Question] = {}
            for section in rnd.sections:
                for q in section.questions:
                    if q.id in seen:
                        raise ValueError(f"round {rnd.id!r}: duplicate question id {q.id!r}")
                    for ref, option_ids in (q.when or {}).items():
                        earlier = seen.get(ref)
                        if earlier is None:
                            raise ValueError(
                                f"round {rnd.id!r}: question {q.id!r} 'when' names "
                                f"{ref!r}, which is not an earlier question"
                            )
                        if isinstance(option_ids, Range):
                            if earlier.type not in NUMERIC_TYPES:
                                raise ValueError(
                                    f"round {rnd.id!r}: question {q.id!r} 'when' gives a range "
                                    f"for {ref!r}, which is not a number question"
                                )
                            continue
                        known = {o.id for o in earlier.options}
                        unknown = [o for o in option_ids if o not in known]
                        if earlier.type is not QuestionType.CHOICE or unknown:
                            raise ValueError(
                                f"round {rnd.id!r}: question {q.id!r} 'when' needs options "
                                f"of choice question {ref!r}; unknown: {unknown}"
                            )
                    seen[q.id] = q
        return self

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

    def questions(self, round_id: str) -> list[Question]:
        """The round's questionnaire, flat, with rubric criteria turned into questions."""
        rnd = self.round(round_id)
        out = [q for s in rnd.sections for q in s.questions]
        if rnd.rubric is not None:
            out.extend(rubric_questions(self.rubric(rnd.rubric)))
        return out

    def policy(self, round_id: str) -> ReminderPolicy:
        return self.round(round_id).reminders or self.reminders

    def to_data(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def score_question_id(group_id: str, criterion_id: str) -> str:
    return f"diem.{group_id}.{criterion_id}"


def rubric_questions(rubric: Rubric) -> list[Question]:
    """Each self-scorable criterion becomes a ``decimal`` question 0..max_points,
    followed, when the criterion wants it, by an optional evidence question."""
    out: list[Question] = []
    for group in rubric.groups:
        for c in group.criteria:
            if c.upper_level_only:
                continue  # awarded by the appraising level, never self-scored
            qid = score_question_id(group.id, c.id)
            low, high = (-c.max_points, 0.0) if c.kind == "penalty" else (0.0, c.max_points)
            out.append(
                Question(
                    id=qid,
                    type=QuestionType.DECIMAL,
                    text=c.text,
                    text_en=c.text_en,
                    min=low,
                    max=high,
                    max_points=c.max_points,
                    source=group.title,
                )
            )
            if c.evidence:
                out.append(
                    Question(
                        id=f"{qid}.minh-chung",
                        type=QuestionType.EVIDENCE,
                        text=f"Tài liệu kiểm chứng: {c.text}",
                        text_en=f"Evidence: {c.text_en or c.text}",
                        required=False,
                        source=group.title,
                    )
                )
    return out
