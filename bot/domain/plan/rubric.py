"""A scoring rubric: groups of criteria with points, and the bands units are
rated in. A scoring round asks each self-scorable criterion as a question,
except those the bot computes (``computed``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from bot.domain.plan.parts import Id, Strict
from bot.domain.plan.question import Question, QuestionType


class Band(Strict):
    label: str
    label_en: str | None = None
    min: float


class Computed(Strict):
    """How the bot works a criterion's points out instead of asking for them.

    ``punctuality``: full points when every round named was submitted by its
    deadline, none when one was late (a penalty line: none, or all of it
    taken off); ``rounds`` defaults to the scoring round itself."""

    rule: Literal["punctuality"]
    rounds: list[Id] = Field(default_factory=list)


class Criterion(Strict):
    id: Id
    text: str
    text_en: str | None = None
    max_points: float = Field(ge=0)
    evidence: bool = False
    upper_level_only: bool = False  # only the appraising level may award these points
    kind: Literal["normal", "bonus", "penalty"] = "normal"
    computed: Computed | None = None  # the bot fills it in (``computed: punctuality``); never asked

    @field_validator("computed", mode="before")
    @classmethod
    def _rule_alone(cls, v: object) -> object:
        return {"rule": v} if isinstance(v, str) else v

    @model_validator(mode="after")
    def _computed_is_the_units(self) -> Criterion:
        if self.computed is not None and self.upper_level_only:
            raise ValueError(f"criterion {self.id!r}: computed points are the unit's, not the upper level's")
        return self


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


def score_question_id(group_id: str, criterion_id: str) -> str:
    return f"diem.{group_id}.{criterion_id}"


def evidence_question_id(group_id: str, criterion_id: str) -> str:
    """The optional evidence question asked after a criterion that wants it."""
    return f"{score_question_id(group_id, criterion_id)}.minh-chung"


def _score_question(group: RubricGroup, c: Criterion) -> Question:
    low, high = (-c.max_points, 0.0) if c.kind == "penalty" else (0.0, c.max_points)
    return Question(
        id=score_question_id(group.id, c.id),
        type=QuestionType.DECIMAL,
        text=c.text,
        text_en=c.text_en,
        min=low,
        max=high,
        max_points=c.max_points,
        source=group.title,
    )


def computed_questions(rubric: Rubric) -> list[Question]:
    """The criteria the bot works out (``computed``) as questions: never asked,
    but their points are stored as answers at submission, so what reports on a
    round's answers (summaries, exports, an admin reading a unit) lists them —
    after the asked questions, so the numbers the officer sees never shift."""
    return [_score_question(g, c) for g in rubric.groups for c in g.criteria if c.computed is not None]


def rubric_questions(rubric: Rubric) -> list[Question]:
    """Each self-scorable criterion becomes a ``decimal`` question 0..max_points,
    followed, when the criterion wants it, by an optional evidence question."""
    out: list[Question] = []
    for group in rubric.groups:
        for c in group.criteria:
            if c.upper_level_only or c.computed is not None:
                continue  # awarded by the appraising level, or worked out by the bot: never asked
            out.append(_score_question(group, c))
            if c.evidence:
                out.append(
                    Question(
                        id=evidence_question_id(group.id, c.id),
                        type=QuestionType.EVIDENCE,
                        text=f"Tài liệu kiểm chứng: {c.text}",
                        text_en=f"Evidence: {c.text_en or c.text}",
                        required=False,
                        source=group.title,
                    )
                )
    return out
