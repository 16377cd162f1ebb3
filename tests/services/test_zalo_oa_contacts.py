"""The Zalo OA's contact book: the webhook's health, recorded for
``dvbot zalo-oa status`` without a write on every delivery (the app's one row
is shared by every replica's deliveries)."""

from __future__ import annotations

from bot.core.clock import FakeClock
from bot.services.runtime import Runtime
from bot.services.zalo_oa import HEALTH_EVERY, ContactBook
from storage import zalo_oa as store
from tests.fakes.zalo_oa_api import APP_ID


async def _health(rt: Runtime) -> tuple[object, object, object]:
    async with rt.begin() as conn:
        row = await store.read(conn, APP_ID)
    assert row is not None
    return row.webhook_ok_at, row.webhook_refused_at, row.webhook_refused_reason


async def test_a_good_delivery_is_recorded_at_most_every_few_seconds_and_at_once_after_a_refusal(
    rt: Runtime, clock: FakeClock
) -> None:
    async with rt.begin() as conn:
        await store.seed(conn, APP_ID, "rt-first", clock.now(), replace=False)
    book = ContactBook(rt, APP_ID)
    first = clock.now()
    await book.webhook_seen(None)
    assert (await _health(rt))[0] == first
    clock.advance(seconds=HEALTH_EVERY.total_seconds() / 2)
    await book.webhook_seen(None)  # within the period: not written again
    assert (await _health(rt))[0] == first
    clock.advance(seconds=HEALTH_EVERY.total_seconds())
    later = clock.now()
    await book.webhook_seen(None)
    assert (await _health(rt))[0] == later
    clock.advance(seconds=1)
    refused_at = clock.now()
    await book.webhook_seen("the signature does not match")  # a refusal is always written
    assert (await _health(rt))[1:] == (refused_at, "the signature does not match")
    clock.advance(seconds=1)
    await book.webhook_seen(None)  # the first good one after it: at once
    assert (await _health(rt))[0] == clock.now()
