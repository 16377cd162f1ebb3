"""Hostile single inputs at every question type (issue 11): 100,000 inputs
from tests/support/hostile.py, each at a question of every type of the
bundled plans, through each kind's parse, the pure engine (on the question
unanswered and re-asked with an answer) and the report views in Vietnamese
and English (tests/support/fuzz.py). Counts inputs and problems:
exceptions other than the documented refusals, and texts that are empty, not
NFC, not sendable or over Zalo's 2,000 characters."""

from __future__ import annotations

import sys
import time

from tests.support.fuzz import Target, problems, targets
from tests.support.hostile import hostile_inputs

Row = tuple[str, float | int | str, str, str]
INPUTS = 100_000


def run() -> list[Row]:
    shapes = targets()
    by_type: dict[str, list[Target]] = {}
    for shape in shapes:
        by_type.setdefault(str(shape.question.type), []).append(shape)
    started = time.perf_counter()
    found: list[str] = []
    inputs = hostile_inputs(INPUTS, seed=20251202)
    for i, text in enumerate(inputs):  # every input at every type, the type's shapes in turn
        for same in by_type.values():
            found += problems(same[i % len(same)], text)
    elapsed = time.perf_counter() - started
    for line in found[:10]:
        print(f"  fuzz: {line}", file=sys.stderr)
    return [
        ("fuzz: hostile inputs", len(inputs), "inputs", ">= 100000"),
        ("fuzz: question types (shapes)", f"{len(by_type)} ({len(shapes)})", "types", "every type"),
        ("fuzz: checks (input x type)", len(inputs) * len(by_type), "checks", ""),
        ("fuzz: exceptions and bad texts", len(found), "problems", "0"),
        ("fuzz: time per check", elapsed / (len(inputs) * len(by_type)) * 1000, "ms", ""),
    ]
