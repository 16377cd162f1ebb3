"""A scoring rubric: groups of criteria with points, and the bands units are
rated in. A scoring round asks each self-scorable criterion as a question,
except those the bot computes (``computed``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import Field, field_validator, model_validator

from bot.domain.plan.parts import Id, Option, Strict
from bot.domain.plan.question import Question, QuestionType


class BandCondition(Strict):
    """A condition that keeps a unit out of a band whatever its score ("không
    xếp loại Tốt nếu …"): the criterion ``criterion`` (``group.criterion``)
    scored below ``below`` points (its appraised points, else the unit's own).
    The unit then takes the next band down whose conditions hold."""

    criterion: str
    below: float
    text: str | None = None  # the condition as the table words it
    source: str | None = None


class Band(Strict):
    label: str
    label_en: str | None = None
    min: float
    not_if: list[BandCondition] = Field(default_factory=list)


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
    # How to score it, as the table says ("đủ 100%: 2 điểm; dưới 100%: 0"): shown
    # to the officer with the question and to the appraiser.
    rule: str | None = None
    # A choice criterion: the unit picks an option and scores its points (an
    # option ``not_applicable: true`` takes the criterion out of its maximum).
    options: list[Option] = Field(default_factory=list)
    appraiser: str | None = None  # which body scores it ("Thanh tra tỉnh", IV.2.c)
    source: str | None = None

    @property
    def bounds(self) -> tuple[float, float]:
        """The points it may give: 0..max, a penalty −max..0."""
        return (-self.max_points, 0.0) if self.kind == "penalty" else (0.0, self.max_points)

    def option_points(self, option_id: object) -> float | None:
        """The points of the chosen option (``None``: none chosen, or not applicable)."""
        o = next((o for o in self.options if o.id == option_id), None)
        return None if o is None or o.not_applicable else o.points

    def not_applicable(self, value: object) -> bool:
        """Whether the unit's answer says the criterion does not apply to it."""
        return any(o.id == value and o.not_applicable for o in self.options)

    @field_validator("computed", mode="before")
    @classmethod
    def _rule_alone(cls, v: object) -> object:
        return {"rule": v} if isinstance(v, str) else v

    @model_validator(mode="after")
    def _computed_is_the_units(self) -> Criterion:
        if self.computed is not None and self.upper_level_only:
            raise ValueError(f"criterion {self.id!r}: computed points are the unit's, not the upper level's")
        if self.options and self.computed is not None:
            raise ValueError(f"criterion {self.id!r}: computed by the bot, so no options to pick")
        low, high = self.bounds
        for o in self.options:
            if o.not_applicable:
                if o.points is not None:
                    raise ValueError(f"criterion {self.id!r}: option {o.id!r} does not apply, so it has no points")
            elif o.points is None or not low <= o.points <= high:
                raise ValueError(f"criterion {self.id!r}: option {o.id!r} needs points between {low:g} and {high:g}")
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

    @model_validator(mode="after")
    def _conditions_name_criteria(self) -> Rubric:
        keys = {f"{g.id}.{c.id}" for g in self.groups for c in g.criteria}
        for band in self.bands:
            for cond in band.not_if:
                if cond.criterion not in keys:
                    raise ValueError(f"band {band.label!r}: not_if names unknown criterion {cond.criterion!r} "
                                     "(write group.criterion)")
        return self

    def band_for(self, score: float, points: Mapping[str, float | None] | None = None) -> Band:
        """The band of ``score``; ``points`` (criterion key → its points) are read
        by the bands' ``not_if`` conditions (:func:`bot.domain.scoring.score_unit`)."""
        return self.banded(score, points or {})[0]

    def banded(self, score: float, points: Mapping[str, float | None]) -> tuple[Band, BandCondition | None]:
        """The band, and the condition that kept the unit out of a higher band it
        scored (``None``: its score's own band)."""
        kept: BandCondition | None = None
        for band in self.bands:
            if score < band.min:
                continue
            held = next((c for c in band.not_if if (p := points.get(c.criterion)) is not None and p < c.below), None)
            if held is None:
                return band, kept
            kept = kept or held
        return self.bands[-1], kept

    def criteria(self) -> list[Criterion]:
        return [c for g in self.groups for c in g.criteria]


def score_question_id(group_id: str, criterion_id: str) -> str:
    return f"diem.{group_id}.{criterion_id}"


def evidence_question_id(group_id: str, criterion_id: str) -> str:
    """The optional evidence question asked after a criterion that wants it."""
    return f"{score_question_id(group_id, criterion_id)}.minh-chung"


def _score_question(group: RubricGroup, c: Criterion) -> Question:
    """A criterion as it is asked: its points (``decimal``, within its bounds),
    or with ``options`` a ``choice`` whose option gives the points; its
    ``rule`` is the question's help, shown with it."""
    low, high = c.bounds
    if c.options:
        return Question(id=score_question_id(group.id, c.id), type=QuestionType.CHOICE, text=c.text,
                        text_en=c.text_en, help=c.rule, options=c.options, max_points=c.max_points,
                        source=group.title)
    return Question(
        id=score_question_id(group.id, c.id),
        type=QuestionType.DECIMAL,
        text=c.text,
        text_en=c.text_en,
        help=c.rule,
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
