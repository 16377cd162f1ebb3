"""Who reminders go to, as the planner receives them from storage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.units import Tree, under_any


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


def covering(tree: Tree, admins: Iterable[AdminTarget], unit_id: int) -> list[AdminTarget]:
    """One target per admin identity (channel, user id) whose scope covers the
    unit, the first of its scopes in ``admins``' order: who hears about it."""
    seen: dict[tuple[str, str], AdminTarget] = {}
    for a in admins:
        if under_any(tree, (a.unit_id,), unit_id):
            seen.setdefault((a.channel, a.user_id), a)
    return list(seen.values())
