"""The plain records storage returns and the layers above pass around:
people, their chat identities and sessions, units, stored plan versions,
admin scopes and group bindings, submissions and appraisals, officer
contacts, invites, outbox rows and unit-import rows. No behaviour beyond
trivial properties; storage builds them from rows (and re-exports the names),
services and handlers read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.domain.plan.model import Plan
from bot.domain.status import DONE, SubmissionStatus


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
    type: str | None = None  # what kind of body ("thanh-tra"), read by sections' applies_to


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


@dataclass(frozen=True, slots=True)
class Submission:
    """A unit's answers to one round; ``status`` a :class:`SubmissionStatus`."""

    id: int
    unit_id: int
    plan_code: str
    plan_id: int
    round_id: str
    status: SubmissionStatus  # stored as its string value
    submitted_at: dt.datetime | None
    review_comment: str | None
    submit_count: int = 0  # times submitted: with the id, the receipt's reference (bot.domain.receipts)
    # What the admin's return concerns: question ids, the first is where the officer lands.
    return_questions: tuple[str, ...] = ()

    @property
    def locked(self) -> bool:
        return self.status in DONE


@dataclass(frozen=True, slots=True)
class Appraisal:
    """An admin's points on one scoring criterion of a submission."""

    criterion_key: str
    points: float
    comment: str | None
    appraised_by: str
    appraised_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Contact:
    """A unit's active officer, as summaries and exports list them."""

    officer_id: int
    full_name: str
    position: str
    phone: str


@dataclass(frozen=True, slots=True)
class Invite:
    id: int
    code: str
    unit_id: int
    expires_at: dt.datetime
    max_uses: int
    uses: int
    revoked_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ReminderRow:
    """One outbox row: a reminder or notice due to one chat."""

    id: int
    dedupe_key: str
    due_at: dt.datetime
    kind: str
    unit_id: int | None
    plan_code: str
    round_id: str
    recipient_kind: str
    channel: str
    chat_id: str
    officer_id: int | None
    payload: dict[str, Any]
    status: str
    attempts: int
    claimed_by: str | None
    error: str | None


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One line of a unit-tree CSV import."""

    line: int  # 1-based line in the file, for error messages
    code: str
    name: str
    parent_code: str | None
    level: str
    type: str | None = None


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
