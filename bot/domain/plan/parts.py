"""The small records a plan is made of: its document, reminder policy,
options, targets, ``when`` ranges and milestones.

Kept apart from the question, rubric and round models so each file stays
small; :mod:`bot.domain.plan.model` re-exports every name.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=64)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reference(Strict):
    """Another document the plan names: a "Căn cứ" basis or the plan it
    implements ("Thực hiện Kế hoạch số 696/KH-UBND ngày 06/3/2025 của UBND
    tỉnh"). Only what the plan states: a part it leaves out stays blank."""

    kind: str | None = None  # its type as named: "Quyết định", "Chỉ thị", "Kế hoạch"
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    title: str | None = None  # its subject, as the plan quotes it


class Document(Strict):
    """The plan's own document: what its header, "Căn cứ" lines, "Nơi nhận"
    list and signature block state. ``number`` and ``date`` may be blank (an
    unsigned copy: "Số: /KH-UBND", "ngày tháng năm 2025"); a blank one needs
    ``blank_reason`` saying why, so no date is ever invented to fill it."""

    number: str | None = None
    date: dt.date | None = None
    blank_reason: str | None = None  # why number or date is blank, e.g. "để trống trong văn bản"
    issuer: str
    title: str | None = None
    place: str | None = None  # of the place-and-date line: "Tây Ninh"
    signer: str | None = None  # the name under the signature, when the copy has one
    signed_as: str | None = None  # "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH"
    bases: list[Reference] = Field(default_factory=list)  # the "Căn cứ" list
    implements: list[Reference] = Field(default_factory=list)  # "Thực hiện Kế hoạch số …"
    recipients: list[str] = Field(default_factory=list)  # "Nơi nhận", in order
    source: str | None = None  # file or address the plan was transcribed from

    @field_validator("implements", mode="before")
    @classmethod
    def _one_or_many(cls, v: object) -> object:
        return [v] if isinstance(v, dict) else v

    @model_validator(mode="after")
    def _blank_has_a_reason(self) -> Document:
        blank = [name for name in ("number", "date") if getattr(self, name) is None]
        if blank and not self.blank_reason:
            raise ValueError(
                f"document {' and '.join(blank)} blank: say why in blank_reason "
                "(e.g. \"để trống trong văn bản\"), never invent one"
            )
        return self


class Period(Strict):
    """The period a round's figures cover (``from``..``to``), and whether they
    may be estimated to its end ("ước thực hiện đến 30/6") because the report
    is due before the period closes."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_name=True, serialize_by_alias=True)

    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")
    estimate_to_end: bool = False
    source: str | None = None  # what states it: the document's clause or "standard report outline"

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self


ReporterWho = Literal["self", "children", "below"]


class Audience(Strict):
    """To whom a section is asked (``applies_to`` on a section): the units at
    one of the named unit ``levels`` or of one of the named unit ``types``
    (``thanh-tra`` for the provincial Inspectorate): a unit is asked when it
    matches either list. The duties the plan's implementation part gives one
    agency ("c) Thanh tra tỉnh: …") are asked of that agency only. The rule
    that reads it is :func:`bot.domain.units.asked`."""

    levels: list[str] = Field(default_factory=list)
    types: list[Id] = Field(default_factory=list)
    source: str | None = None  # the clause that assigns the duty, e.g. "IV.2.c"

    @model_validator(mode="after")
    def _names_someone(self) -> Audience:
        if not self.levels and not self.types:
            raise ValueError("applies_to names no unit level and no unit type: leave it out to ask every unit")
        return self


class Reporters(Strict):
    """Who reports on a round (the rule itself is in :mod:`bot.domain.units`):

    * ``self`` — the issuing unit itself (a commune's plan is reported on by the
      commune, to the level above);
    * ``children`` — the issuing unit's direct children;
    * ``below`` — every unit below it (the default);

    ``levels`` keeps only units at the named unit levels (``[so, huyen]``).
    In a plan file: ``reporters: self``, ``reporters: children``, a list of
    levels (``reporters: [so, don-vi]``: units at those levels below the
    issuer) or the mapping ``{who: children, levels: [so]}``."""

    who: ReporterWho = "below"
    levels: list[str] = Field(default_factory=list)
    source: str | None = None  # the clause that names them, e.g. "IV.1"

    @model_validator(mode="before")
    @classmethod
    def _short_forms(cls, v: object) -> object:
        if isinstance(v, str):
            return {"who": v}
        if isinstance(v, list):
            return {"who": "below", "levels": v}
        return v


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
    # for scoring: the criterion does not apply to the unit ("Không áp dụng"): its
    # points leave the maximum the unit is banded on (bot/domain/scoring.py)
    not_applicable: bool = False


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


class Milestone(Strict):
    """A date of the plan that units do not report for, shown for context
    (e.g. "Sở Nội vụ appraises and the province rates units before 15/12")."""

    date: dt.date
    text: str
    text_en: str | None = None
    source: str | None = None
