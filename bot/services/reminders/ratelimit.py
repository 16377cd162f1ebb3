"""Sliding-window rate limits per channel and per group chat.

A :class:`~bot.core.windows.Window` allows at most ``limit`` events in any
``period`` seconds (Telegram's replies use it too, through PTB's limiter).
:class:`Limits` takes each channel's rates from its declared capabilities
(``send_rate`` overall, ``group_rate`` into one group chat), so no channel is
named here. The time source and the sleep are injectable so tests measure a
burst of thousands of sends on a fake clock in milliseconds.

The dispatcher takes a :meth:`Limits.slot`: it waits its turn, does its last
bit of bookkeeping (logging the attempt) while holding it, and the send is
counted when the slot is released, right before the send — so the platform
sees the sends spaced as the windows spaced them, however long that
bookkeeping took.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Mapping

from bot.core.channels import registered
from bot.core.messages import Channel
from bot.core.ports import ChannelCapabilities, Rate
from bot.core.windows import Now, Sleep, Window


class Limits:
    """The limits a dispatcher applies before each send: one window per
    channel with a ``send_rate``, one per group chat of a channel with a
    ``group_rate``. A channel without rates is not limited."""

    def __init__(self, capabilities: Mapping[Channel, ChannelCapabilities],
                 now: Now = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        self._now, self._sleep = now, sleep
        self.channels: dict[str, Window] = {
            str(ch): self._window(caps.send_rate) for ch, caps in capabilities.items() if caps.send_rate
        }
        self._group_rates: dict[str, Rate] = {
            str(ch): caps.group_rate for ch, caps in capabilities.items() if caps.group_rate
        }
        self.groups: dict[tuple[str, str], Window] = {}

    @classmethod
    def installed(cls, now: Now = time.monotonic, sleep: Sleep = asyncio.sleep) -> Limits:
        """The limits of every channel the composition root registered."""
        return cls(registered(), now, sleep)

    def _window(self, rate: Rate) -> Window:
        return Window(rate.count, rate.seconds, self._now, self._sleep)

    async def acquire(self, channel: str, chat_id: str, is_group: bool) -> None:
        async with self.slot(channel, chat_id, is_group):
            return  # the send is counted when the slot closes

    @contextlib.asynccontextmanager
    async def slot(self, channel: str, chat_id: str, is_group: bool) -> AsyncIterator[None]:
        """The turn of one send: the group chat's window first (its wait may
        be long: it holds only that chat), then the channel's. The send counts
        when the block ends; a block that raises counts nothing."""
        async with contextlib.AsyncExitStack() as stack:
            group_rate = self._group_rates.get(channel) if is_group else None
            if group_rate is not None:
                window = self.groups.get((channel, chat_id))
                if window is None:
                    window = self.groups[(channel, chat_id)] = self._window(group_rate)
                await stack.enter_async_context(window.turn())
            overall = self.channels.get(channel)
            if overall is not None:
                await stack.enter_async_context(overall.turn())
            yield

    def pause(self, channel: str, seconds: float) -> None:
        if channel in self.channels:
            self.channels[channel].pause(seconds)
