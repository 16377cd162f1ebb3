"""The plain records storage returns and the layers above pass around:
people, their chat identities and sessions, units, stored plan versions,
admin scopes and group bindings. No behaviour beyond trivial properties;
storage builds them from rows, services and handlers read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.domain.plan.model import Plan


@dataclass(frozen=True, slots=True)
class Officer:
    id: int
    unit_id: int
    full_name: str
    position: str
    phone: str
    locale: str
    left_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Identity:
    id: int
    officer_id: int
    channel: str
    user_id: str
    chat_id: str
    unreachable_at: dt.datetime | None
    unreachable_reason: str | None


@dataclass(frozen=True, slots=True)
class Session:
    flow: str | None
    state: dict[str, Any]
    locale: str | None
    version: int = 0  # 0: not stored yet; compared on save (optimistic concurrency)


@dataclass(frozen=True, slots=True)
class Unit:
    id: int
    code: str
    name: str
    parent_id: int | None
    level: str
    retired_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class StoredPlan:
    id: int
    code: str
    version: int
    year: int
    title: str
    sha256: str
    loaded_at: dt.datetime
    plan: Plan


@dataclass(frozen=True, slots=True)
class Admin:
    """One admin scope: a chat identity over the subtree rooted at ``unit_id``."""

    id: int
    channel: str
    user_id: str
    unit_id: int
    unit_code: str
    unit_name: str
    name: str | None
    created_at: dt.datetime
    created_by: str | None


@dataclass(frozen=True, slots=True)
class GroupBinding:
    id: int
    channel: str
    chat_id: str
    unit_id: int
    title: str | None
    bound_by: str | None
    bound_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Recipient:
    """Where an officer of a unit is told something (their primary chat)."""

    unit_id: int
    officer_id: int
    channel: str
    chat_id: str
    locale: str
