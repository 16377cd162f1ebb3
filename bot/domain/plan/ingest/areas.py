"""The content part's areas (one per top-level item, heading verbatim) with
their tasks (bullets at any level, or sentences when there are none), and the
targets: each item of the targets part, and any task stating one."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from bot.domain.plan.ingest.countable import Countable, countables
from bot.domain.plan.ingest.found import Item, Source, sentences
from bot.domain.plan.ingest.outline import Part
from bot.domain.plan.ingest.targets import Reading, read_target

_BULLETS = ("-", "–", "•", "+")
_OWN_PLAN = re.compile(r"xây dựng (?:\w+ )?kế hoạch", re.IGNORECASE)
_RATING = re.compile(r"xếp loại", re.IGNORECASE)


@dataclass
class Task:
    text: str
    source: Source
    countables: list[Countable] = field(init=False)  # what it names that can be counted

    def __post_init__(self) -> None:
        self.countables = countables(self.text)


@dataclass
class FoundTarget:
    text: str
    source: Source
    clause: str
    reading: Reading
    area: int | None = None  # index of the area it is asked in
    placed: bool = False  # the area was chosen by its words (inferred)
    own_plan: bool = False  # about the units' own plans: asked in the plan round


@dataclass
class Area:
    title: str
    clause: str
    source: Source
    tasks: list[Task] = field(default_factory=list)
    targets: list[FoundTarget] = field(default_factory=list)


def slug(text: str, words: int = 5) -> str:
    """A plan id from Vietnamese words: "Quán triệt và tổ chức" → "quan-triet-va-to-chuc"."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    parts = re.findall(r"[a-z0-9]+", plain)[:words]
    return "-".join(parts)[:40].strip("-") or "muc"


def _title(text: str) -> str:
    return text.strip().rstrip(".;:").strip()


def _tasks(item: Item) -> list[Task]:
    marked = [c for c in item.children if c.marker]
    if marked:
        out: list[Task] = []
        for child in marked:
            below = _tasks(child) if any(c.marker for c in child.children) else []
            if below and not child.text.endswith((".", ";")):
                out += below  # a sub-heading: its items are the tasks
            else:
                out.append(Task(child.text, child.source))
                out += below
        return out
    paragraphs = [c for c in item.children if not c.marker]
    if paragraphs:
        return [Task(s, p.source) for p in paragraphs for s in sentences(p.text)]
    return [Task(_title(item.text), item.source)]


def read_areas(content: Part) -> list[Area]:
    """One area per top-level numbered item (per bullet when none is numbered)."""
    numbered = [i for i in content.items if i.marker and i.marker not in _BULLETS]
    tops = numbered or [i for i in content.items if i.marker]
    return [Area(_title(i.text), content.label(i.number) if i.number not in _BULLETS else content.numeral,
                 i.source, _tasks(i)) for i in tops]


def _words(text: str) -> set[str]:
    tokens = re.findall(r"\w+", text.lower())
    return {f"{a} {b}" for a, b in itertools.pairwise(tokens)}


def place(target: FoundTarget, areas: list[Area]) -> None:
    """Ask a target in the area whose words it shares most (inferred)."""
    words = _words(target.text)
    scores = [len(words & _words(a.title + " " + " ".join(t.text for t in a.tasks))) for a in areas]
    if scores and max(scores) > 0:
        target.area, target.placed = scores.index(max(scores)), True
        areas[target.area].targets.append(target)


def read_targets(part: Part | None, areas: list[Area]) -> list[FoundTarget]:
    """The targets part's items, each placed in an area; and each task that
    states a measurable target, asked in its own area (not a plan target)."""
    found: list[FoundTarget] = []
    for item in part.items if part else []:
        if not item.marker:
            continue
        target = FoundTarget(item.text, item.source, part.label(item.number) if part else "", read_target(item.text))
        found.append(target)
        if _OWN_PLAN.search(item.text):
            target.own_plan = True
        elif target.reading.measurable and not _RATING.search(item.text):
            place(target, areas)
    for index, area in enumerate(areas):
        for task in area.tasks:
            reading = read_target(task.text)
            if reading.measurable:
                area.targets.append(FoundTarget(task.text, task.source, area.clause, reading, index))
    return found
