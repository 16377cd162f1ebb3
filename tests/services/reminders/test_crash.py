"""Crash tests: the fake channel counts deliveries.

* killed after claiming, before sending → after the lease lapses every due
  reminder is delivered exactly once;
* killed after sending, before marking → each send cut short (one per
  channel at most: channels drain side by side) is delivered again once,
  and the repeat is visible in the delivery log.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.domain.entities import ReminderRow
from bot.services.reminders.dispatcher import Dispatcher
from bot.services.reminders.planner import Planner
from bot.services.runtime import Runtime
from handlers.views.reminders import TEXTS
from storage import reminders as store
from tests.support.reminders import (
    FakeSender,
    add_admin,
    bind_group,
    local,
    register_officer,
    seed_year,
)


async def planned_world(rt: Runtime, clock: FakeClock) -> int:
    """22/08/2025 08:00, quoc-khanh reminders due: officers, groups; returns rows."""
    clock.set(local(2025, 8, 20, 9))
    ids = await seed_year(rt)
    await add_admin(rt, ids["TN"])
    await bind_group(rt, ids["SNV"], "-100snv")
    await bind_group(rt, ids["TN"], "-100tn")
    for code, user in (("SNV", "snv"), ("STC", "stc"), ("X-TANAN", "tanan")):
        await register_officer(rt, ids[code], user, "Nguyễn Văn An")
    clock.set(local(2025, 8, 22, 8))
    assert await Planner(rt).tick() == 5
    return 5


def senders(clock: FakeClock) -> dict[Channel, FakeSender]:
    return {c: FakeSender(c, clock) for c in Channel}


def counts(fakes: dict[Channel, FakeSender]) -> Counter[str]:
    return Counter(f"{c}:{s.chat_id}" for c, f in fakes.items() for s in f.sent)


async def test_killed_after_claim_before_send(rt: Runtime, clock: FakeClock) -> None:
    n = await planned_world(rt, clock)
    fakes = senders(clock)
    dead = Dispatcher(rt, fakes, texts=TEXTS)  # type: ignore[arg-type]
    claimed = [row for channel in fakes for row in (await dead.claim(channel))[1]]
    assert len(claimed) == n  # … and the process dies here
    restarted = Dispatcher(rt, fakes, texts=TEXTS)  # type: ignore[arg-type]
    assert (await restarted.tick()).sent == 0  # the lease still holds
    clock.advance(seconds=61)  # the lease, a minute, lapsed
    assert (await restarted.tick()).sent == n
    assert (await restarted.tick()).sent == 0
    assert set(counts(fakes).values()) == {1} and sum(counts(fakes).values()) == n
    async with rt.begin() as conn:
        assert {r.status for r in await store.list_reminders(conn)} == {"sent"}
        log = await store.deliveries_of(conn)
    assert [d["outcome"] for d in log] == ["sent"] * n


async def test_killed_after_send_before_mark(rt: Runtime, clock: FakeClock) -> None:
    n = await planned_world(rt, clock)
    fakes = senders(clock)
    for f in fakes.values():
        f.die_after_send = True
    with pytest.raises(BaseException):  # noqa: B017 - the simulated kill
        await Dispatcher(rt, fakes, texts=TEXTS, concurrency=1).tick()  # type: ignore[arg-type]
    # Channels drain side by side: the kill finds one send per channel at most.
    died = sum(counts(fakes).values())
    channels = len({r.channel for r in await all_rows(rt)})
    assert 1 <= died <= channels
    for f in fakes.values():
        f.die_after_send = False
    restarted = Dispatcher(rt, fakes, texts=TEXTS)  # type: ignore[arg-type]
    clock.advance(seconds=61)  # the lease, a minute, lapsed
    assert (await restarted.tick()).sent == n
    per_chat = counts(fakes)
    assert sum(per_chat.values()) == n + died  # exactly one repeat for each send the kill cut short
    assert sorted(per_chat.values()) == [1] * (n - died) + [2] * died
    async with rt.begin() as conn:
        rows = await store.list_reminders(conn)
        assert {r.status for r in rows} == {"sent"}
        log = await store.deliveries_of(conn)
    by_reminder = Counter(d["reminder_id"] for d in log)
    repeated = [rid for rid, k in by_reminder.items() if k > 1]
    # an unfinished attempt for each repeat (and perhaps for an attempt the
    # kill cut short before its send): one per channel at most
    assert died <= len(repeated) <= channels and all(by_reminder[rid] == 2 for rid in repeated)
    for rid in repeated:  # the unfinished first attempt shows the repeat
        assert [d["outcome"] for d in log if d["reminder_id"] == rid] == ["sending", "sent"]


async def all_rows(rt: Runtime) -> list[ReminderRow]:
    async with rt.begin() as conn:
        return await store.list_reminders(conn)


async def test_transient_failures_retry_with_backoff_then_succeed(rt: Runtime, clock: FakeClock) -> None:
    from bot.core.errors import TransientChannelError

    n = await planned_world(rt, clock)
    fakes = senders(clock)
    fakes[Channel.TELEGRAM].fail = lambda chat, k: TransientChannelError("502") if k <= 2 else None
    d = Dispatcher(rt, fakes, texts=TEXTS, backoff_base=60)  # type: ignore[arg-type]
    first = await d.tick()
    assert (first.sent, first.retried) == (n - 2, 2)
    assert (await d.tick()).sent == 0  # not before the backoff
    clock.advance(seconds=61)
    assert (await d.tick()).sent == 2
    async with rt.begin() as conn:
        log = await store.deliveries_of(conn)
    assert Counter(d["outcome"] for d in log) == {"sent": n, "transient": 2}


async def test_permanent_failure_marks_unreachable_and_tells_the_admin(rt: Runtime, clock: FakeClock) -> None:
    from bot.core.errors import ChatUnreachable

    await planned_world(rt, clock)
    fakes = senders(clock)
    fakes[Channel.CONSOLE].fail = lambda chat, k: ChatUnreachable("blocked") if chat == "stc" else None
    d = Dispatcher(rt, fakes, texts=TEXTS)  # type: ignore[arg-type]
    stats = await d.tick()
    assert stats.failed == 1
    admin = [s.text for s in fakes[Channel.CONSOLE].sent if s.chat_id == "admin"]
    assert len(admin) == 1 and "Không gửi được nhắc hạn" in admin[0] and "Sở Tài chính" in admin[0]
    # the next reminder to that officer is skipped, not retried
    clock.set(local(2025, 8, 28, 8))
    await Planner(rt).tick()
    await d.tick()
    assert not [s for s in fakes[Channel.CONSOLE].sent if s.chat_id == "stc"]
    async with rt.begin() as conn:
        failed = await store.list_reminders(conn, status="failed")
    assert len(failed) == 1 and failed[0].attempts == 1


async def test_a_submission_stops_pending_reminders_at_once(rt: Runtime, clock: FakeClock) -> None:
    from storage import submissions as sub_store

    await planned_world(rt, clock)
    async with rt.begin() as conn:
        unit = (await store.list_reminders(conn))[0].unit_id
        assert unit is not None
        sub = await sub_store.open_submission(conn, unit, "nam-2025", 1, "quoc-khanh", clock.now())
        await sub_store.set_status(conn, sub.id, "submitted", now=clock.now())
        cancelled = await store.cancel_for_submission(conn, unit, "nam-2025", "quoc-khanh")
    assert cancelled == 1
    fakes = senders(clock)
    await Dispatcher(rt, fakes, texts=TEXTS).tick()  # type: ignore[arg-type]
    # SNV's officer and SNV's group roll-call stay silent; the others go out
    assert set(counts(fakes)) == {"console:stc", "console:tanan", "telegram:-100tn"}
