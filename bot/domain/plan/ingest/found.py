"""What the importer finds: each item with its source line and quoted text.

Nothing is invented: a value the document does not state is absent, and a
value worked out rather than read (a year taken from the plan, a deadline
kind, a party's role) carries a :class:`Flag` saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

QUOTE_LENGTH = 90


def quote(text: str, length: int = QUOTE_LENGTH) -> str:
    """The start of ``text``, cut at a word, for a source comment."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + " …"


@dataclass(frozen=True)
class Source:
    """Where an item comes from: the 1-based source line and its words."""

    line: int
    text: str

    @property
    def quoted(self) -> str:
        return quote(self.text)

    def comment(self) -> str:
        return f'dòng {self.line}: "{self.quoted}"'


@dataclass(frozen=True)
class Flag:
    """Something read by inference, or left for an admin: ``kind`` is a key
    (``year_inferred``, ``no_deadline``, ``relative``, ``quarterly``,
    ``kind_inferred``, ``issuer_inferred``, ``level_inferred``,
    ``target_placed``, ``compared``), ``what`` the item it concerns."""

    kind: str
    what: str
    source: Source | None = None


@dataclass
class Item:
    """One numbered or bulleted item of a part: its marker ("1.", "1.1",
    "a)", "-", "+", "" for a plain paragraph), its level (0 the part's top),
    its text without the marker, and the items under it."""

    marker: str
    level: int
    text: str
    source: Source
    children: list[Item] = field(default_factory=list)

    @property
    def number(self) -> str:
        """The marker without its punctuation ("1." → "1", "a)" → "a")."""
        return self.marker.rstrip(".)").strip()


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences: at ". " or "; " before a capital letter."""
    out, start = [], 0
    for i in range(len(text) - 2):
        if text[i] in ".;" and text[i + 1] == " " and text[i + 2].isupper():
            out.append(text[start:i + 1].strip())
            start = i + 2
    out.append(text[start:].strip())
    return [s for s in out if s]
