"""The reply outbox through the router, as ``dvbot run`` uses it (durable
replies on the console channel here; the adapters settle the receipts the
same way): undelivered replies go first, in order; a resend of the answer
they acknowledge is recognised and nothing is stored on the unseen question;
a crash in the send-then-mark window is counted as a repeat."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from bot.core.clock import FakeClock
from bot.core.delivery import RETRY, SENT, Replies, send_replies
from bot.core.errors import ChatUnreachable, QuotaExceeded, TransientChannelError
from bot.core.messages import Channel, Incoming, Outgoing
from bot.domain.replies import MAX_ATTEMPTS, RESEND_WINDOW, Status
from bot.services.runtime import Runtime
from handlers.router import Router
from locales import t
from storage import replies as reply_store
from storage import submissions as sub_store
from storage.schema import submissions
from tests.conftest import Chat, register
from tests.support.reminders import FakeSender

USER = "officer-1"


class Officer:
    """An officer on a durable channel; ``say`` returns the replies unsent
    (as if the process died before the send), ``deliver`` sends them."""

    def __init__(self, router: Router) -> None:
        self.router = router
        self.n = 0

    async def say(self, text: str, written_at: dt.datetime | None = None) -> Replies:
        self.n += 1
        replies = await self.router.handle(
            Incoming(Channel.CONSOLE, USER, USER, text=text, update_key=f"u{self.n}", written_at=written_at))
        assert isinstance(replies, Replies) and replies.receipt is not None
        return replies

    async def deliver(self, text: str, written_at: dt.datetime | None = None) -> list[str]:
        replies = await self.say(text, written_at)
        sent: list[str] = []

        async def one(out: Outgoing) -> None:
            sent.append(out.text)

        assert await send_replies(replies, one)
        return sent


@pytest.fixture
async def officer(rt: Runtime, codes: dict[str, str]) -> Officer:
    await register(Chat(Router(rt), USER), codes["SNV"])
    who = Officer(Router(rt, durable={Channel.CONSOLE}))
    assert any("Câu 1/" in text for text in await who.deliver("/baocao 6-thang"))
    return who


async def answers(rt: Runtime) -> dict[str, object]:
    async with rt.begin() as conn:
        row = (await conn.execute(sa.select(submissions))).one()
        return await sub_store.load_answers(conn, row.id)


async def rows(rt: Runtime) -> list[reply_store.StoredReply]:
    async with rt.begin() as conn:
        return await reply_store.of_chat(conn, "console", USER)


async def test_replies_are_in_the_outbox_when_the_answer_is_committed(rt: Runtime, officer: Officer) -> None:
    replies = await officer.say("1")  # committed; the process "dies" before the send
    assert (await answers(rt)) == {"quan-triet.trien-khai": "da"}
    last = (await rows(rt))[-1]
    assert last.status == Status.CLAIMED and last.answer_key == "1" and "Số hội nghị" in last.body["text"]
    assert [r.text for r in replies] == [last.body["text"]]


async def test_a_resend_is_answered_with_the_missing_reply_and_stored_nowhere(rt: Runtime, officer: Officer) -> None:
    await officer.say("1")  # never delivered
    sent = await officer.deliver(" 1 ")  # the same answer, as the engine reads it
    assert sent[0] == t("common.redelivered") and "Số hội nghị" in sent[1]
    assert sent[2] == t("common.resend", text="1")
    assert (await answers(rt)) == {"quan-triet.trien-khai": "da"}  # nothing on Câu 2
    assert "✅" in (await officer.deliver("1"))[0]  # now it is an answer to Câu 2, which was seen
    assert (await answers(rt)) == {"quan-triet.trien-khai": "da", "quan-triet.so-hoi-nghi": 1}


async def test_anything_else_is_handled_after_the_missing_reply(rt: Runtime, officer: Officer) -> None:
    await officer.say("1")
    sent = await officer.deliver("7")  # not the same answer: handled normally, afterwards
    assert sent[0] == t("common.redelivered") and "Số hội nghị" in sent[1] and "✅" in sent[2]
    assert (await answers(rt)) == {"quan-triet.trien-khai": "da", "quan-triet.so-hoi-nghi": 7}
    assert all(r.status == Status.SENT for r in await rows(rt))


async def test_a_reply_redelivered_after_a_restart_still_recognises_the_resend(
    rt: Runtime, clock: FakeClock, officer: Officer
) -> None:
    await officer.say("1")  # the process dies before the send …
    clock.advance(seconds=rt.settings.reply_lease_seconds + 1)
    restarted = Router(rt, durable={Channel.CONSOLE})  # … a new one takes it over once the lease lapsed
    sender = FakeSender(Channel.CONSOLE, clock)
    stats = await restarted.outbox.redeliver({Channel.CONSOLE: sender})  # type: ignore[dict-item]
    assert stats.sent == 1 and "Số hội nghị" in sender.sent[1].text
    officer.router = restarted
    clock.advance(minutes=1)
    assert (await officer.deliver("1")) == [t("common.resend", text="1")]  # sent before reading it
    assert (await answers(rt)) == {"quan-triet.trien-khai": "da"}


async def test_the_resend_window_after_a_redelivery_ends(rt: Runtime, clock: FakeClock, officer: Officer) -> None:
    await officer.say("1")
    clock.advance(seconds=rt.settings.reply_lease_seconds + 1)
    await officer.router.outbox.redeliver({Channel.CONSOLE: FakeSender(Channel.CONSOLE, clock)})  # type: ignore[dict-item]
    clock.advance(seconds=RESEND_WINDOW.total_seconds() + 1)
    assert "✅" in (await officer.deliver("1"))[0]  # read since: an answer to Câu 2
    assert (await answers(rt))["quan-triet.so-hoi-nghi"] == 1


async def test_a_failed_send_waits_its_retry_and_goes_first_in_order(
    rt: Runtime, clock: FakeClock, officer: Officer
) -> None:
    replies = await officer.say("1")

    async def down(out: Outgoing) -> None:
        raise TransientChannelError("502 Bad Gateway")

    assert not await send_replies(replies, down)
    [row] = [r for r in await rows(rt) if r.status == Status.PENDING]
    sender = FakeSender(Channel.CONSOLE, clock)
    senders = {Channel.CONSOLE: sender}
    assert (await officer.router.outbox.redeliver(senders)).sent == 0  # type: ignore[arg-type]  # not due yet
    clock.advance(seconds=6)
    assert (await officer.router.outbox.redeliver(senders)).sent == 1  # type: ignore[arg-type]
    assert [s.text for s in sender.sent] == [t("common.redelivered"), row.body["text"]]
    assert (await rows(rt))[-1].status == Status.SENT


async def test_a_crash_between_the_send_and_its_mark_is_counted_as_a_repeat(
    rt: Runtime, clock: FakeClock, officer: Officer
) -> None:
    replies = await officer.say("1")
    assert replies.receipt is not None
    await replies.receipt.sending()  # sent, then the process died before the mark
    clock.advance(seconds=rt.settings.reply_lease_seconds + 1)
    await officer.router.outbox.redeliver({Channel.CONSOLE: FakeSender(Channel.CONSOLE, clock)})  # type: ignore[dict-item]
    last = (await rows(rt))[-1]
    assert last.status == Status.SENT and last.repeats == 1 and last.attempts == 2


async def test_a_crash_before_the_send_is_no_repeat(rt: Runtime, clock: FakeClock, officer: Officer) -> None:
    await officer.say("1")  # committed, never sent
    clock.advance(seconds=rt.settings.reply_lease_seconds + 1)
    await officer.router.outbox.redeliver({Channel.CONSOLE: FakeSender(Channel.CONSOLE, clock)})  # type: ignore[dict-item]
    last = (await rows(rt))[-1]
    assert last.status == Status.SENT and last.repeats == 0 and last.attempts == 1


async def test_a_live_senders_reply_is_not_redelivered(rt: Runtime, clock: FakeClock, officer: Officer) -> None:
    await officer.say("1")  # being sent by this process (its lease holds)
    sender = FakeSender(Channel.CONSOLE, clock)
    await officer.router.outbox.redeliver({Channel.CONSOLE: sender})  # type: ignore[dict-item]
    assert sender.sent == []


async def test_a_commit_refused_by_a_busy_database_is_handled_again_and_answered(
    rt: Runtime, officer: Officer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite refuses the COMMIT ("database is locked": another process held
    the write lock past the busy timeout). Nothing of that attempt survives —
    not the update's replay claim, not its replies — so the router's retry
    handles it afresh: the answer is stored once and its reply delivered,
    never "a replayed update dropped" with no reply at all."""
    import sqlite3

    from storage import sqlite_direct

    refused: list[int] = []
    commit = sqlite_direct._Connection.commit

    def busy_once(self: sqlite_direct._Connection) -> None:
        if not refused:
            refused.append(1)
            raise sqlite3.OperationalError("database is locked")
        commit(self)

    monkeypatch.setattr(sqlite_direct._Connection, "commit", busy_once)
    sent = await officer.deliver("1")
    assert refused == [1]
    assert len(sent) == 1 and "Số hội nghị" in sent[0]  # the next question, once, with no "sent again" notice
    assert (await answers(rt)) == {"quan-triet.trien-khai": "da"}
    assert [r.answer_key for r in await rows(rt)].count("1") == 1
    again = await officer.router.handle(Incoming(Channel.CONSOLE, USER, USER, text="1", update_key=f"u{officer.n}"))
    assert list(again) == []  # the update was claimed once, by the attempt that committed


async def test_a_replayed_update_brings_the_missing_reply(rt: Runtime, officer: Officer) -> None:
    replies = await officer.say("1")
    again = await officer.router.handle(Incoming(Channel.CONSOLE, USER, USER, text="1", update_key=f"u{officer.n}"))
    assert [r.text for r in again] == [t("common.redelivered"), replies[0].text]
    assert (await answers(rt)) == {"quan-triet.trien-khai": "da"}


async def test_the_outcomes_of_each_reply_are_kept(rt: Runtime, officer: Officer) -> None:
    replies = await officer.say("1")
    assert replies.receipt is not None
    await replies.receipt.sending()
    await replies.receipt.settle([RETRY], "TransientChannelError: down")
    last = (await rows(rt))[-1]
    assert last.status == Status.PENDING and last.attempts == 1
    again = await officer.say("7")
    assert again.receipt is not None
    await again.receipt.sending()
    await again.receipt.settle([SENT] * len(again), None)
    assert {r.status for r in await rows(rt)} == {Status.SENT}


def test_the_lease_is_a_setting() -> None:
    from bot.core.settings import Settings

    assert Settings(_env_file=None, reply_lease_seconds=5).reply_lease_seconds == 5  # type: ignore[call-arg]
    assert dt.timedelta(seconds=Settings(_env_file=None).reply_lease_seconds) == dt.timedelta(minutes=1)  # type: ignore[call-arg]


async def test_a_failing_update_still_brings_the_missing_reply_first(
    rt: Runtime, officer: Officer, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = await officer.say("1")

    async def broken(ctx: object) -> list[Outgoing]:
        raise RuntimeError("a bug")

    monkeypatch.setattr(officer.router, "_dispatch", broken)
    sent = await officer.deliver("7")  # rolled back: nothing of it stored …
    assert sent == [t("common.redelivered"), lost[0].text, t("error.unexpected")]  # … but the lost reply goes first
    assert (await answers(rt)) == {"quan-triet.trien-khai": "da"}
    assert {r.status for r in await rows(rt)} == {Status.SENT}


async def test_a_reply_to_an_unreachable_chat_waits_until_it_writes_again(rt: Runtime, officer: Officer) -> None:
    replies = await officer.say("1")

    async def blocked(out: Outgoing) -> None:
        raise ChatUnreachable("Forbidden: bot was blocked by the user")

    assert not await send_replies(replies, blocked)
    assert (await rows(rt))[-1].status == Status.HELD  # not tried again by itself …
    sent = await officer.deliver("1")  # … the officer unblocked the bot and sends the answer again
    assert sent == [t("common.redelivered"), replies[0].text, t("common.resend", text="1")]
    assert (await answers(rt)) == {"quan-triet.trien-khai": "da"}


async def test_a_reply_stopped_by_a_spent_quota_is_held_not_dropped(rt: Runtime, officer: Officer) -> None:
    """Zalo's 429 (the month's quota): the reply is not refused for good, or
    the officer's next message would land on a question never seen."""
    replies = await officer.say("1")

    async def spent(out: Outgoing) -> None:
        raise QuotaExceeded("Quota exceeded")

    assert not await send_replies(replies, spent)
    assert (await rows(rt))[-1].status == Status.HELD
    sent = await officer.deliver("1")  # the quota has reset; the officer sends the answer again
    assert sent == [t("common.redelivered"), replies[0].text, t("common.resend", text="1")]
    assert (await answers(rt)) == {"quan-triet.trien-khai": "da"}


async def test_after_the_last_try_a_reply_waits_for_the_chat(rt: Runtime, clock: FakeClock, officer: Officer) -> None:
    replies = await officer.say("1")

    async def down(out: Outgoing) -> None:
        raise TransientChannelError("network down")

    sender = FakeSender(Channel.CONSOLE, clock, fail=lambda _chat, _n: TransientChannelError("network down"))
    assert not await send_replies(replies, down)
    for _ in range(MAX_ATTEMPTS):
        clock.advance(hours=2)
        await officer.router.outbox.redeliver({Channel.CONSOLE: sender})  # type: ignore[dict-item]
    last = (await rows(rt))[-1]
    assert last.status == Status.HELD and last.attempts == MAX_ATTEMPTS
    tries = sender.calls
    clock.advance(hours=2)
    await officer.router.outbox.redeliver({Channel.CONSOLE: sender})  # type: ignore[dict-item]
    assert sender.calls == tries  # given up on its own …
    sent = await officer.deliver("7")  # … but it still goes first when the officer writes
    assert sent[1] == replies[0].text and "✅" in sent[2]


async def test_a_resend_written_while_the_bot_was_down_is_recognised(
    rt: Runtime, clock: FakeClock, officer: Officer
) -> None:
    """Both messages waited at the platform while the bot was down; the first
    one's reply reached the chat (on its first try) just before the second is
    read. The platform's date says the second was written blind."""
    written = clock.now()
    clock.advance(minutes=5)  # the bot comes back
    first = await officer.deliver("1", written_at=written)
    assert "Số hội nghị" in first[-1]
    clock.advance(seconds=1)
    again = await officer.deliver("1", written_at=written + dt.timedelta(seconds=20))
    assert again == [t("common.resend", text="1")]
    assert (await answers(rt)) == {"quan-triet.trien-khai": "da"}  # nothing on Câu 2
