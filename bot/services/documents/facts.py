"""What a drafted report takes from the plan: the one reader of the plan's
document metadata (number, date, place, signer, recipients) and of a round's
recipient and period. A fact the plan does not state is ``None``, and the
document shows a blank for it — never an invented value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.domain.plan.model import Plan, Round


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date
    estimate_to_end: bool = False


def _get(obj: Any, name: str) -> Any:
    value = getattr(obj, name, None)
    return value if value not in ("", []) else None


def doc_number(plan: Plan) -> str | None:
    return _get(plan.document, "number")


def doc_date(plan: Plan) -> dt.date | None:
    return _get(plan.document, "date")


def issuer(plan: Plan) -> str:
    return str(plan.document.issuer)


def place(plan: Plan) -> str | None:
    return _get(plan.document, "place")


def signed_as(plan: Plan) -> str | None:
    return _get(plan.document, "signed_as")


def recipient(rnd: Round) -> str | None:
    return _get(rnd, "recipient")


def period(rnd: Round) -> Period | None:
    p = _get(rnd, "period")
    if p is None:
        return None
    return Period(p.start, p.end, bool(getattr(p, "estimate_to_end", False)))

