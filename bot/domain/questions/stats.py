"""Figures over answers that summaries and targets share: a number or
nothing, whether an answer meets a target, min/median/max."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from bot.domain.summary_data import Spread

if TYPE_CHECKING:
    from bot.domain.plan.model import Target


def number_or_none(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def numbers_in(values: Iterable[Any]) -> list[float]:
    """The numbers among ``values`` as floats (:func:`number_or_none` of each,
    the others left out), plain ints and floats tested first."""
    return [float(v) for v in values
            if type(v) is int or type(v) is float or (isinstance(v, int | float) and not isinstance(v, bool))]


def meets(target: Target, value: Any) -> bool:
    """Whether one answer meets a target (an option, or numeric bounds)."""
    if target.equals is not None:
        return value == target.equals
    x = number_or_none(value)
    if x is None:
        return False
    if target.strict:
        return (target.min is None or x > target.min) and (target.max is None or x < target.max)
    return (target.min is None or x >= target.min) and (target.max is None or x <= target.max)


def count_meeting(target: Target, values: Sequence[Any]) -> int:
    """How many of ``values`` meet ``target``, as :func:`meets` decides each."""
    if target.equals is not None:
        return sum(1 for v in values if v == target.equals)
    low, high = target.min, target.max
    xs = numbers_in(values)
    if target.strict:
        return sum(1 for x in xs if (low is None or x > low) and (high is None or x < high))
    return sum(1 for x in xs if (low is None or x >= low) and (high is None or x <= high))


def spread(values: Sequence[float]) -> dict[str, float | int | None]:
    return Spread.of(values).to_json()


def target_json(t: Target | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {k: v for k, v in {"min": t.min, "max": t.max, "equals": t.equals, "source": t.source}.items()
            if v is not None}
