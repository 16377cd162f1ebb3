"""The Zalo Bot Platform's send cap: at most ``DVBOT_ZALO_RATE_PER_SECOND``
sends in any second (a little longer: ``MARGIN``), on a fake clock."""

from __future__ import annotations

import asyncio
from typing import cast

import pytest

from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.models import SentMessage
from bot.channels.zalo.outbox import Outbox
from bot.core.windows import MARGIN


class _Client:
    """Zalo's side of ``sendMessage``: when each send arrived, on the fake clock."""

    def __init__(self, clock: list[float]) -> None:
        self.clock = clock
        self.sent: list[float] = []

    async def send_message(self, chat_id: str, text: str) -> SentMessage:
        self.sent.append(self.clock[0])
        return SentMessage(message_id=f"m{len(self.sent)}")


def _outbox(rate: float) -> tuple[Outbox, _Client, list[float]]:
    clock = [1000.0]

    async def sleep(seconds: float) -> None:
        clock[0] += seconds

    client = _Client(clock)
    outbox = Outbox(cast(ZaloClient, client), rate_per_second=rate, language="vi", on_unreachable=None)
    outbox.window._now, outbox.window._sleep = (lambda: clock[0]), sleep
    return outbox, client, clock


def _most_in_a_window(sent: list[float], seconds: float) -> int:
    return max(sum(at <= other < at + seconds for other in sent) for at in sent)


async def test_a_burst_after_a_quiet_spell_is_held_to_the_cap() -> None:
    """A token bucket let a full bucket through after a quiet spell and kept
    sending at the rate: 10 sends in one second at 5 a second. The window
    holds 5 in any second however the sends come."""
    outbox, client, clock = _outbox(5)
    for n in range(40):
        if n == 20:
            clock[0] += 30  # quiet: a bucket would be full again
        await outbox.send_text("chat", f"tin {n}")
    sent = client.sent
    assert len(sent) == 40
    assert _most_in_a_window(sent, 1.0 + MARGIN) == 5
    assert sent[4] == sent[0] and sent[5] == sent[0] + 1.0 + MARGIN  # 5 at once, the 6th a window later
    assert sent[20] == sent[19] + 30 and sent[24] == sent[20] and sent[25] == sent[20] + 1.0 + MARGIN


async def test_a_rate_below_one_a_second_spaces_the_sends() -> None:
    outbox, client, _clock = _outbox(0.5)
    for n in range(4):
        await outbox.send_text("chat", f"tin {n}")
    gaps = [b - a for a, b in zip(client.sent, client.sent[1:], strict=False)]
    assert gaps == pytest.approx([2.0 + MARGIN] * 3)


async def test_concurrent_senders_share_the_cap() -> None:
    outbox, client, _clock = _outbox(5)
    await asyncio.gather(*(outbox.send_text(f"chat-{n}", "tin") for n in range(23)))
    assert len(client.sent) == 23
    assert _most_in_a_window(client.sent, 1.0 + MARGIN) == 5

