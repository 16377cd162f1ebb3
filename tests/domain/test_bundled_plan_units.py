"""The bundled plans against the two-level local government of 1/7/2025:
districts (huyện, quận, thị xã, the cities under a province) and towns (thị
trấn) no longer exist, so a plan text naming them is either reworded or,
where the document's own wording is kept, says so: "(theo văn bản gốc)"
("(as in the original document)" in English)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.domain.plan.loader import load_plan

PLANS = sorted((Path(__file__).resolve().parents[2] / "plans").glob("*.yaml"))
ABOLISHED = re.compile(r"\b(?:cấp huyện|huyện|quận|thị xã|thị trấn|district|districts|township|townships)\b",
                       re.IGNORECASE)
KEPT = {"vi": "(theo văn bản gốc)", "en": "(as in the original document)"}


def as_written(text: str) -> str:
    """``text`` without our note that it keeps the document's wording."""
    return text.removesuffix(" " + KEPT["vi"]).removesuffix(" " + KEPT["en"])


def texts(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from texts(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def unmarked(data: dict[str, Any]) -> list[str]:
    """The texts that name an abolished unit without saying they quote the document."""
    out = []
    for path, text in texts({k: v for k, v in data.items() if k != "document"}):
        lang = "en" if path.endswith("_en") else "vi"
        if ABOLISHED.search(text) and KEPT[lang] not in text:
            out.append(f"{path}: {text}")
    return out


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_no_abolished_unit_is_named_as_current(path: Path) -> None:
    assert unmarked(load_plan(path).to_data()) == []


def test_the_scan_finds_an_unmarked_district() -> None:
    assert PLANS, "no bundled plan found"
    data = {"title": "Kế hoạch", "document": {"issuer": "UBND huyện Văn Quan"},  # the issuer is history: not scanned
            "targets": [{"text": "100% các xã, thị trấn triển khai"}, {"text": "UBND cấp huyện (theo văn bản gốc)"}],
            "rounds": [{"title": "Báo cáo", "text_en": "district directives"}]}
    assert unmarked(data) == [".targets[0].text: 100% các xã, thị trấn triển khai",
                              ".rounds[0].text_en: district directives"]
    # the kept wording is found in every bundled plan that quotes a pre-2025 document
    marked = [p.stem for p in PLANS if any(KEPT["vi"] in t for _, t in texts(load_plan(p).to_data()))]
    assert marked == ["tay-ninh-2025", "tu-xuyen-2024"]
