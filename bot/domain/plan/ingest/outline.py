"""The document's outline: its parts (by meaning, not by number) and the
items of each part, nested by their markers ("1.", "1.1", "a)", "-", "+").

A part heading is a line in capitals, with or without a Roman numeral
("II. NỘI DUNG THỰC HIỆN", "NHIỆM VỤ VÀ GIẢI PHÁP", "Phần III: TỔ CHỨC THỰC
HIỆN"); what it is comes from its words, so parts named differently or
numbered with gaps read the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from bot.domain.plan.ingest.found import Item, Source
from bot.domain.plan.ingest.normalise import Line

PartKind = Literal["header", "purpose", "content", "targets", "implementation", "reporting", "funds", "other", "closing"]

_ROMAN = re.compile(r"^(?:phần\s+)?([IVX]{1,5})\s*[.:/-]\s*(\S.*)$", re.IGNORECASE)
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
# (kind, words any of which names it), in the order they are tried
_PART_WORDS: tuple[tuple[PartKind, tuple[str, ...]], ...] = (
    ("implementation", ("TỔ CHỨC THỰC HIỆN", "TRÁCH NHIỆM THỰC HIỆN", "PHÂN CÔNG THỰC HIỆN")),
    ("reporting", ("CHẾ ĐỘ BÁO CÁO", "CHẾ ĐỘ THÔNG TIN")),
    ("funds", ("KINH PHÍ",)),
    ("content", ("NỘI DUNG", "NHIỆM VỤ", "GIẢI PHÁP")),
    ("targets", ("CHỈ TIÊU",)),
    ("purpose", ("MỤC ĐÍCH", "YÊU CẦU", "MỤC TIÊU")),
)
_CLOSING = re.compile(r"^(?:trên đây là|nơi nhận)", re.IGNORECASE)
_MARKERS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\.?)\s*(\S.*)$"), 1),
    (re.compile(r"^(\d{1,2}\.)(?!\d)\s*(\S.*)$"), 0),
    (re.compile(r"^(\d{1,2}\))\s*(\S.*)$"), 0),
    (re.compile(r"^([a-zđ]\))\s*(\S.*)$"), 2),
    (re.compile(r"^([-–•])\s*(\S.*)$"), 3),
    (re.compile(r"^(\+)\s*(\S.*)$"), 4),
)
PARAGRAPH = 9
SENTENCE_END = (".", ":", ";", "!", "?", "…")


@dataclass
class Part:
    kind: PartKind
    title: str
    numeral: str  # the Roman numeral as written, or the part's place ("II")
    source: Source | None
    lines: list[Line] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    def label(self, *numbers: str) -> str:
        """The clause label of an item of this part: "II.3", "IV.2.a"."""
        return ".".join((self.numeral, *[n for n in numbers if n]))


def _is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def part_heading(text: str) -> tuple[PartKind, str, str | None] | None:
    """(kind, title, numeral) when ``text`` heads a part of the plan."""
    match = _ROMAN.match(text)
    numeral, title = (match.group(1).upper(), match.group(2).strip()) if match else (None, text.strip())
    if not _is_capitals(title) or len(title) > 120:
        return None
    words = title.upper()
    for kind, names in _PART_WORDS:
        if any(name in words for name in names):
            return kind, title, numeral
    return ("other", title, numeral) if numeral else None


def split_parts(lines: tuple[Line, ...]) -> list[Part]:
    """The header (what comes before the first part), each part, and the
    closing (from "Trên đây là…" / "Nơi nhận"), in document order."""
    parts = [Part("header", "", "", None)]
    for line in lines:
        heading = part_heading(line.text)
        if heading is not None and parts[-1].kind != "closing":
            kind, title, numeral = heading
            place = _ROMANS[min(len([p for p in parts if p.numeral]), len(_ROMANS) - 1)]
            parts.append(Part(kind, title, numeral or place, Source(line.number, line.text)))
            continue
        if _CLOSING.match(line.text) and parts[-1].kind != "closing":
            parts.append(Part("closing", "", "", Source(line.number, line.text)))
        parts[-1].lines.append(line)
    for part in parts:
        part.items = items_of(part.lines)
    return parts


def _marked(text: str) -> tuple[str, int, str]:
    for pattern, level in _MARKERS:
        match = pattern.match(text)
        if match:
            return match.group(1), level, match.group(2).strip()
    return "", PARAGRAPH, text.strip()


def _carries_on(previous: str, text: str) -> bool:
    """A plain line continuing an unfinished item (a wrap the normaliser left:
    the item stopped at a comma, or the line starts with a quote)."""
    if previous.endswith(SENTENCE_END):
        return False
    return previous.endswith(",") or text[:1] in "\"“”'‘(" or text[:1].islower()


def items_of(lines: list[Line]) -> list[Item]:
    """The part's items, nested: each item holds those of deeper markers
    after it; a plain line continues an unfinished item, else it is a
    paragraph of the item above it."""
    roots: list[Item] = []
    stack: list[Item] = []
    last: Item | None = None
    for line in lines:
        marker, level, text = _marked(line.text)
        if not marker and last is not None and _carries_on(last.text, text):
            last.text = f"{last.text} {text}"
            continue
        item = Item(marker, level, text, Source(line.number, line.text))
        while stack and stack[-1].level >= level and not (level == PARAGRAPH and stack[-1].level < PARAGRAPH):
            stack.pop()
        while stack and stack[-1].level == PARAGRAPH:
            stack.pop()
        (stack[-1].children if stack else roots).append(item)
        stack.append(item)
        last = item
    return roots


def first(parts: list[Part], kind: PartKind) -> Part | None:
    return next((p for p in parts if p.kind == kind), None)
