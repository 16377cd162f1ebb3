"""The reply outbox on PostgreSQL: taking a chat's undelivered replies over,
resend recognition, the redeliverer's claim (``FOR UPDATE SKIP LOCKED``) and
the repeat count. Skipped when 127.0.0.1:5432 is not reachable."""

from __future__ import annotations

import pytest

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.domain.replies import Status
from bot.services.runtime import Runtime
from handlers.router import Router
from locales import t
from tests.conftest import Chat, postgres_reachable, register, seed
from tests.services.test_reply_outbox import USER, Officer, answers, rows
from tests.support.reminders import FakeSender

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not postgres_reachable(), reason="PostgreSQL not reachable on 127.0.0.1:5432"),
]


async def test_lost_replies_resends_and_repeats_on_postgres(pg_rt: Runtime) -> None:
    assert isinstance(pg_rt.clock, FakeClock)
    codes = await seed(pg_rt)
    await register(Chat(Router(pg_rt), USER), codes["SNV"])
    officer = Officer(Router(pg_rt, durable={Channel.CONSOLE}))
    await officer.deliver("/baocao 6-thang")

    await officer.say("1")  # lost
    sent = await officer.deliver("1")  # resent
    assert sent[0] == t("common.redelivered") and sent[-1] == t("common.resend", text="1")
    assert (await answers(pg_rt)) == {"quan-triet.trien-khai": "da"}

    replies = await officer.say("7")
    assert replies.receipt is not None
    await replies.receipt.sending()  # sent, then the process died before the mark
    pg_rt.clock.advance(seconds=pg_rt.settings.reply_lease_seconds + 1)
    sender = FakeSender(Channel.CONSOLE, pg_rt.clock)
    stats = await officer.router.outbox.redeliver({Channel.CONSOLE: sender})  # type: ignore[dict-item]
    assert stats.sent == 1 and sender.sent[1].text == replies[0].text
    last = (await rows(pg_rt))[-1]
    assert last.status == Status.SENT and last.repeats == 1
    assert (await answers(pg_rt)) == {"quan-triet.trien-khai": "da", "quan-triet.so-hoi-nghi": 7}
