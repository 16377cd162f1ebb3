"""Targets, by meaning: "100%" (at least), "trên 90%" (strictly above),
"dưới 5%" (below), "ít nhất 01 mô hình" (a count), "không để xảy ra" (none:
0); a comparison with an earlier year ("so với năm 2024") stays text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

_NUM = r"(\d+(?:[.,]\d+)?)"
_ABOVE = re.compile(rf"\b(?:trên|hơn|vượt|cao hơn)\s+{_NUM}\s*%")
_BELOW = re.compile(rf"\b(dưới|không quá|tối đa|không vượt quá)\s+{_NUM}\s*%")
_PERCENT = re.compile(rf"(?<![\d.,]){_NUM}\s*%")
_AT_LEAST = re.compile(r"\b(?:ít nhất|tối thiểu|không ít hơn)\s+(\d+)\s+([^\s,.;:()]+(?:\s[^\s,.;:()]+)?)")
_NONE = re.compile(r"\bkhông để (?:xảy ra|phát sinh|tồn đọng|có)\b")
_COMPARED = re.compile(r"\b(?:so với|với|bằng hoặc cao hơn)\s+(?:năm|cùng kỳ)\s*(\d{4})?")

TargetKind = Literal["percent", "count", "text"]


def _number(text: str) -> float:
    return float(text.replace(",", "."))


@dataclass(frozen=True)
class Reading:
    """What a target says: its kind, its bounds and whether it compares with
    an earlier year (kept as text); ``unit`` names what a count counts."""

    kind: TargetKind
    bounds: dict[str, Any] = field(default_factory=dict)
    unit: str | None = None
    compared: bool = False

    @property
    def measurable(self) -> bool:
        return self.kind != "text"


def read_target(text: str) -> Reading:
    """The target ``text`` states, if any (a text-only one when none)."""
    low = text.lower()
    compared = bool(_COMPARED.search(low))
    above = _ABOVE.search(low)
    if above:
        return Reading("percent", {"min": _number(above.group(1)), "strict": True}, compared=compared)
    below = _BELOW.search(low)
    if below:
        bounds: dict[str, Any] = {"max": _number(below.group(2))}
        if below.group(1) == "dưới":
            bounds["strict"] = True
        return Reading("percent", bounds, compared=compared)
    percent = _PERCENT.search(low)
    if percent:
        return Reading("percent", {"min": _number(percent.group(1))}, compared=compared)
    count = _AT_LEAST.search(low)
    if count:
        return Reading("count", {"min": float(int(count.group(1)))}, unit=count.group(2), compared=compared)
    if _NONE.search(low):
        return Reading("count", {"max": 0.0}, compared=compared)
    return Reading("text", compared=compared)


def target_data(reading: Reading, text: str, source: str) -> dict[str, Any]:
    """A plan ``Target`` mapping: the bounds, the clause, the words."""
    data: dict[str, Any] = {k: (int(v) if isinstance(v, float) and v.is_integer() else v)
                            for k, v in reading.bounds.items()}
    return {**data, "source": source, "text": text}
