"""The reference number on a submission's receipt.

``DV-2025-6T-0042``: ``DV`` (dân vận), the plan's year, the round's initials
(``6-thang`` → ``6T``, ``ca-nam`` → ``CN``, ``tu-cham-diem`` → ``TCD``) and the
submission's number, at least four digits. Nothing but the submission count
is stored for it: the reference is built again from the plan's year and the
submission whenever it is shown. The submission number is the stored row's id, so two units never share a reference; the year and round
let a person reading it aloud see at once which report it is. A report
submitted again after it was returned gets the same reference with the
submission count (``DV-2025-6T-0042-2``), so every receipt ever given stays
distinct and the first one still finds the same report. Only digits,
capitals and hyphens: it can be typed on any phone and read over the phone.
"""

from __future__ import annotations

from bot.core.text import fold
from bot.domain.entities import Submission

__all__ = ["receipt_number", "receipt_of", "round_initials"]


def round_initials(round_id: str) -> str:
    """``6-thang`` → ``6T``: the first character of each part of the id."""
    parts = [p for p in fold(round_id).replace("_", "-").split("-") if p]
    return "".join(p[0] for p in parts).upper() or "R"


def receipt_number(year: int, round_id: str, submission_id: int, times: int = 1) -> str:
    """The reference of the ``times``-th submission of a report."""
    ref = f"DV-{year}-{round_initials(round_id)}-{submission_id:04d}"
    return ref if times <= 1 else f"{ref}-{times}"


def receipt_of(year: int, sub: Submission) -> str | None:
    """The reference of the submission's latest receipt; ``None`` before it was ever submitted."""
    return receipt_number(year, sub.round_id, sub.id, sub.submit_count) if sub.submit_count else None
