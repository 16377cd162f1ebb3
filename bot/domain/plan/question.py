"""One question of a plan's questionnaire.

Its ``type`` names a registered question type (:mod:`bot.domain.questions`),
whose module checks the type-specific fields and supplies the default bounds;
the seven built-in types are also the :class:`QuestionType` enum
(:mod:`bot.domain.questions.builtin`, re-exported here), so a plan's
``type: choice`` loads as ``QuestionType.CHOICE``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, PrivateAttr, model_validator

from bot.domain.plan.parts import Condition, Id, Option, Strict, Target
from bot.domain.questions import QuestionType, kind_of

__all__ = ["NUMERIC_TYPES", "Question", "QuestionType", "TypeName"]

NUMERIC_TYPES = frozenset({QuestionType.INTEGER, QuestionType.PERCENT, QuestionType.DECIMAL})
_BUILT_IN = {t.value: t for t in QuestionType}


def _registered(name: str) -> str:
    """A registered type name; a built-in one as its enum member."""
    kind_of(name)  # ValueError names the known types
    return _BUILT_IN.get(name, name)


TypeName = Annotated[str, AfterValidator(_registered)]


class Question(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_name=True, serialize_by_alias=True)

    id: Id
    type: TypeName
    text: str
    text_en: str | None = None
    short: str | None = Field(default=None, max_length=60)  # a few words for the review list on a phone
    short_en: str | None = Field(default=None, max_length=60)
    help: str | None = None
    required: bool = True
    options: list[Option] = Field(default_factory=list)
    min: float | None = None
    max: float | None = None
    max_length: int | None = Field(default=None, ge=1)
    # A number beyond it is asked about ("giữ nguyên?"), not refused; else the type's default.
    plausible_max: float | None = None
    when: dict[str, Condition] | None = None  # earlier question id -> what enables this one
    target: Target | None = None
    max_points: float | None = Field(default=None, ge=0)
    # calculated questions: the expression over earlier answers, and what is
    # written after the value ("%")
    formula: str | None = Field(default=None, max_length=500)
    # a text answer that is a list (the names of the "Dân vận khéo" models):
    # the province report gathers every unit's items (bot/domain/figures.py)
    is_list: bool = Field(default=False, alias="list")  # written ``list: true``
    unit: str | None = Field(default=None, max_length=10)
    source: str | None = None  # section of the document, e.g. "II.1"
    # The year of the round asking it (set by Plan.questions, not by the plan
    # file): a date typed without a year ("20/1") is read in it.
    _round_year: int | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _check_shape(self) -> Question:
        kind_of(self.type).check(self)
        return self

    @property
    def round_year(self) -> int | None:
        return self._round_year

    def in_round(self, year: int) -> Question:
        """This question as asked in a round of ``year``."""
        copy = self.model_copy()
        copy._round_year = year
        return copy

    def label(self, lang: str) -> str:
        """The question's text in ``lang`` (English when given, else Vietnamese)."""
        return self.text_en if lang == "en" and self.text_en else self.text

    def short_label(self, lang: str) -> str | None:
        """The short label in ``lang`` (English when given, else Vietnamese), if any."""
        return self.short_en if lang == "en" and self.short_en else self.short

    def option_label(self, option_id: str, lang: str) -> str:
        for o in self.options:
            if o.id == option_id:
                return o.text_en if lang == "en" and o.text_en else o.text
        return option_id

    @property
    def lower_bound(self) -> float | None:
        if self.min is not None:
            return self.min
        return kind_of(self.type).default_min

    @property
    def plausible_bound(self) -> float | None:
        """Beyond this a number is confirmed before it is stored (none when the
        hard upper bound is already below it)."""
        bound = self.plausible_max if self.plausible_max is not None else kind_of(self.type).plausible_max
        high = self.upper_bound
        return None if bound is None or (high is not None and high <= bound) else bound

    @property
    def upper_bound(self) -> float | None:
        if self.max is not None:
            return self.max
        default = kind_of(self.type).default_max
        if default is not None:
            return default
        return self.max_points
