"""Helpers for reminder tests: a fake sender that records what it was asked
to send (and can fail or "die" on cue), a year plan whose deadlines hit the
Vietnamese holidays, and a seeded world with officers, an admin and groups."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from bot.core.clock import Clock
from bot.core.messages import Channel, Outgoing
from bot.domain.plan.loader import load_plan
from bot.domain.plan.model import Plan, ReminderPolicy
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import plans as plan_store
from storage import units as unit_store
from storage.schema import admins, group_bindings, reminders
from tests.conftest import PLANS, Chat, register

TZ_OFFSET = dt.timedelta(hours=7)


def local(y: int, m: int, d: int, hh: int = 8, mm: int = 0) -> dt.datetime:
    """A Hà Nội wall-clock time as aware UTC."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=dt.UTC) - TZ_OFFSET


class Killed(BaseException):
    """The process died here (not an Exception: nothing may catch it)."""


@dataclass
class Sent:
    at: dt.datetime
    chat_id: str
    text: str


@dataclass
class FakeSender:
    """Records every send (wall time from the app clock, and ``stamp()`` — a fake
    monotonic time for rate tests); ``fail(chat_id, n)`` may return an error to
    raise instead of sending; ``die_after_send`` kills the process after the send."""

    channel: Channel
    clock: Clock
    stamp: Callable[[], float] | None = None
    fail: Callable[[str, int], BaseException | None] | None = None
    die_after_send: bool = False
    yield_each: bool = False  # let other tasks run inside send (concurrency tests)
    sent: list[Sent] = field(default_factory=list)
    stamps: list[float] = field(default_factory=list)
    calls: int = 0

    async def send(self, chat_id: str, message: Outgoing) -> str:
        self.calls += 1
        if self.yield_each:
            await asyncio.sleep(0)
        if self.fail is not None:
            error = self.fail(chat_id, self.calls)
            if error is not None:
                raise error
        self.sent.append(Sent(self.clock.now(), chat_id, message.text))
        if self.stamp is not None:
            self.stamps.append(self.stamp())
        if self.die_after_send:
            raise Killed
        return f"{self.channel}-{len(self.sent)}"


def year_plan() -> Plan:
    """The province plan with four rounds whose deadlines meet the calendar:
    just after Tết, just after 30/4–1/5, on a Sunday before 2/9, and on a
    Saturday in November."""
    base = load_plan(PLANS / "tay-ninh-2025.yaml")
    # "by" deadlines: these dates are the last days themselves (the bundled
    # round says "trước ngày", which reads the last day as the day before)
    tmpl = base.round("6-thang").model_copy(update={"deadline_kind": "by"})
    rounds = [
        tmpl.model_copy(update={"id": "sau-tet", "title": "Báo cáo sau Tết", "title_en": "Post-Tết report",
                                "deadline": dt.date(2025, 2, 3)}),
        tmpl.model_copy(update={"id": "6-thang", "deadline": dt.date(2025, 5, 5)}),
        tmpl.model_copy(update={"id": "quoc-khanh", "title": "Báo cáo dịp Quốc khánh",
                                "title_en": "National Day report", "deadline": dt.date(2025, 8, 31)}),
        tmpl.model_copy(update={"id": "ca-nam", "title": "Báo cáo năm", "title_en": "Annual report",
                                "deadline": dt.date(2025, 11, 15),
                                "reminders": ReminderPolicy(before_days=[3, 0], overdue_max=1,
                                                            escalate_after_overdue=0, admin_digest=False,
                                                            at="14:00")}),
    ]
    return base.model_copy(update={"code": "nam-2025", "rounds": rounds, "rubrics": base.rubrics})


async def seed_year(rt: Runtime, plan: Plan | None = None) -> dict[str, int]:
    """Units TN → SNV, STC, X-TANAN with the year plan; returns unit ids."""
    now = rt.clock.now()
    ids: dict[str, int] = {}
    async with rt.begin() as conn:
        await plan_store.store_plan(conn, plan or year_plan(), now=now)
        for code, name, parent, level in [("TN", "UBND tỉnh Tây Ninh", None, "tinh"), ("SNV", "Sở Nội vụ", "TN", "so"),
                                          ("STC", "Sở Tài chính", "TN", "so"),
                                          ("X-TANAN", "UBND phường Tân An", "TN", "xa")]:
            ids[code] = (await unit_store.add_unit(conn, code, name, now=now, parent_code=parent, level=level)).id
    return ids


async def add_admin(rt: Runtime, unit_id: int, user_id: str = "admin", channel: str = "console") -> None:
    async with rt.begin() as conn:
        await conn.execute(admins.insert().values(channel=channel, user_id=user_id, unit_id=unit_id,
                                                  name="Quản trị", created_at=rt.clock.now()))


async def bind_group(rt: Runtime, unit_id: int, chat_id: str, channel: str = "telegram") -> None:
    async with rt.begin() as conn:
        await conn.execute(group_bindings.insert().values(channel=channel, chat_id=chat_id, unit_id=unit_id,
                                                          title=chat_id, bound_at=rt.clock.now()))


async def register_officer(rt: Runtime, unit_id: int, user: str, name: str,
                           channel: Channel = Channel.CONSOLE) -> Chat:
    from storage import invites as invite_store

    async with rt.begin() as conn:
        [code] = await invite_store.create_invites(conn, unit_id, count=1, days=400, now=rt.clock.now())
    chat = Chat(Router(rt), user, channel)
    assert "thành công" in await register(chat, code, name)
    return chat


async def outbox(rt: Runtime) -> list[sa.Row[object]]:
    async with rt.begin() as conn:
        return list(await conn.execute(sa.select(reminders).order_by(reminders.c.id)))


async def literal_rows(rt: Runtime, n: int, channel: str = "telegram", recipient_kind: str = "admin",
                       chat: Callable[[int], str] = lambda i: f"chat-{i}") -> None:
    """``n`` due rows with a ready text (no plan needed): for dispatcher tests."""
    from storage import reminders as store

    now = rt.clock.now()
    rows = [{"dedupe_key": f"test/{channel}/{i}", "due_at": now, "kind": "manual", "unit_id": None,
             "plan_code": "*", "round_id": "*", "recipient_kind": recipient_kind, "channel": channel,
             "chat_id": chat(i), "officer_id": None, "payload": {"text": f"nhắc {i}"}} for i in range(n)]
    async with rt.begin() as conn:
        assert await store.insert_absent(conn, rows, now) == n


class FakeTime:
    """A monotonic clock that only moves when someone sleeps on it."""

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += max(seconds, 0.0)
        await asyncio.sleep(0)
