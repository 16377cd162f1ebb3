"""The one builder of outbox dedupe keys.

The outbox inserts a row only if its ``dedupe_key`` is absent, so a key *is*
the rule "this message is sent once". Deployed outboxes hold these strings:
changing a format would send every planned reminder again, so each format
below is exactly the one stored so far.

==========================  ===================================================================
officer reminder            ``{plan}/{round}@{YYYYMMDD}/{kind}/{day}/u{unit}/officer{officer}``
unreachable officer notice  ``{plan}/{round}@{YYYYMMDD}/unreachable/u{unit}/officer{officer}/admin:{channel}:{user}``
escalation                  ``{plan}/{round}@{YYYYMMDD}/escalation/{day}/admin:{channel}:{user}``
group roll-call             ``{plan}/{round}@{YYYYMMDD}/group/{day}/u{unit}/{channel}:{chat}``
admin digest                ``digest/{day}/admin:{channel}:{user}``
manual ``/nhac``            ``{plan}/{round}/manual/{YYYYmmddTHHMMSS}/u{unit}/officer{officer}``
==========================  ===================================================================

``{day}`` is the local date ``YYYY-MM-DD``. The round's deadline is in the
key: when a new plan version moves it, the old rows are cancelled at send
time and the new ones must not collide with them. The unreachable notice has
no day: it is sent once per officer, admin and round, whether the planner
(an officer already unreachable) or the dispatcher (a send just failed)
notices first — both build it here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MAX_LEN = 300  # the column's width


def _cap(key: str) -> str:
    return key[:MAX_LEN]


@dataclass(frozen=True, slots=True)
class RoundKey:
    """The keys of one round at one deadline."""

    plan_code: str
    round_id: str
    deadline: dt.date

    @property
    def base(self) -> str:
        return f"{self.plan_code}/{self.round_id}@{self.deadline:%Y%m%d}"

    def officer(self, kind: str, day: dt.date, unit_id: int, officer_id: int) -> str:
        return _cap(f"{self.base}/{kind}/{day}/u{unit_id}/officer{officer_id}")

    def unreachable(self, unit_id: int, officer_id: int | None, channel: str, user_id: str) -> str:
        return _cap(f"{self.base}/unreachable/u{unit_id}/officer{officer_id}/admin:{channel}:{user_id}")

    def escalation(self, day: dt.date, channel: str, user_id: str) -> str:
        return _cap(f"{self.base}/escalation/{day}/admin:{channel}:{user_id}")

    def group(self, day: dt.date, unit_id: int, channel: str, chat_id: str) -> str:
        return _cap(f"{self.base}/group/{day}/u{unit_id}/{channel}:{chat_id}")


def digest(day: dt.date, channel: str, user_id: str) -> str:
    return _cap(f"digest/{day}/admin:{channel}:{user_id}")


def manual(plan_code: str, round_id: str, at: dt.datetime, unit_id: int, officer_id: int) -> str:
    """An admin's ``/nhac``: one per press (the time, to the second, is in it)."""
    return _cap(f"{plan_code}/{round_id}/manual/{at:%Y%m%dT%H%M%S}/u{unit_id}/officer{officer_id}")
