"""What an admin checks before activating a draft: counts of areas, tasks,
countable things named in tasks (each a count question), targets, deadlines
and duties, each item with its source line; what the
document does not state (missing); what was worked out rather than read
(inferred)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bot.domain.plan.ingest.found import quote

COUNTED = ("areas", "tasks", "countables", "targets", "deadlines", "duties")
# what a preview may list as missing ("deadline" is "deadline:<round id>")
MISSING = ("issuer", "number", "date", "place", "title", "signer", "signed_as", "recipients", "targets",
           "deadlines", "deadline")
# what it may list as inferred, and the flags an entry may carry
INFERRED = ("year", "deadline_year", "target_area", "issuer_inferred", "level")
FLAGS = ("in_task", "compared", "placed", "not_measurable", "year_inferred", "no_deadline", "quarterly", "relative",
         "year_from_title")


@dataclass(frozen=True)
class Entry:
    """One previewed item: its kind or label, source line, quoted words and flags."""

    what: str
    line: int
    text: str
    flags: tuple[str, ...] = ()

    @classmethod
    def of(cls, what: str, line: int, text: str, *flags: str) -> Entry:
        return cls(what, line, quote(text), tuple(f for f in flags if f))


@dataclass
class Preview:
    areas: list[Entry] = field(default_factory=list)
    tasks: list[Entry] = field(default_factory=list)
    countables: list[Entry] = field(default_factory=list)  # the words of a task naming what a count question asks
    targets: list[Entry] = field(default_factory=list)
    deadlines: list[Entry] = field(default_factory=list)
    duties: list[Entry] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # keys: "number", "date", "deadline:6-thang", …
    inferred: list[Entry] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in COUNTED}

    def to_data(self) -> dict[str, Any]:
        data = asdict(self)
        for name in (*COUNTED, "inferred"):
            data[name] = [{**e, "flags": list(e["flags"])} for e in data[name]]
        return {"counts": self.counts(), **data}
