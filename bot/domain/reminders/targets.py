"""Who reminders go to, as the planner receives them from storage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OfficerTarget:
    """One active officer and the identity that reaches them best."""

    officer_id: int
    unit_id: int
    full_name: str
    locale: str
    channel: str
    chat_id: str
    reachable: bool


@dataclass(frozen=True, slots=True)
class AdminTarget:
    """One admin scope (an identity may hold several, one row each)."""

    channel: str
    user_id: str
    chat_id: str
    unit_id: int
    locale: str | None
    name: str | None


@dataclass(frozen=True, slots=True)
class GroupTarget:
    """A group chat bound to a unit."""

    channel: str
    chat_id: str
    unit_id: int
    title: str | None
