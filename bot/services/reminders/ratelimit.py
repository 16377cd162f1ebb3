"""Sliding-window rate limits per channel and per group chat.

A :class:`Window` allows at most ``limit`` events in any ``period`` seconds.
The time source and the sleep are injectable so tests measure a burst of
thousands of sends on a fake clock in milliseconds.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

Now = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

TELEGRAM_PER_SECOND = 30  # Bot API: about 30 messages a second overall
TELEGRAM_GROUP_PER_MINUTE = 20  # and 20 a minute into one group


class Window:
    def __init__(self, limit: int, period: float, now: Now = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        if limit < 1 or period <= 0:
            raise ValueError("limit >= 1 and period > 0")
        self.limit, self.period = limit, period
        self._now, self._sleep = now, sleep
        self._events: deque[float] = deque()
        self._lock = asyncio.Lock()
        self._paused_until = 0.0

    def pause(self, seconds: float) -> None:
        """The platform said "retry after": hold every send for ``seconds``."""
        self._paused_until = max(self._paused_until, self._now() + seconds)

    async def acquire(self) -> None:
        async with self._lock:  # FIFO: waiters keep their order
            while True:
                now = self._now()
                while self._events and self._events[0] <= now - self.period:
                    self._events.popleft()
                wait = self._paused_until - now
                if len(self._events) >= self.limit:
                    wait = max(wait, self._events[0] + self.period - now)
                if wait <= 0:
                    self._events.append(now)
                    return
                await self._sleep(wait)


class Limits:
    """The limits a dispatcher applies before each send."""

    def __init__(self, zalo_per_second: float, now: Now = time.monotonic, sleep: Sleep = asyncio.sleep,
                 telegram_per_second: int = TELEGRAM_PER_SECOND,
                 telegram_group_per_minute: int = TELEGRAM_GROUP_PER_MINUTE) -> None:
        self._now, self._sleep = now, sleep
        self._group_limit = telegram_group_per_minute
        # Zalo: evenly spaced sends (the platform publishes no burst allowance).
        zalo = Window(1, 1.0 / zalo_per_second, now, sleep)
        self.channels: dict[str, Window] = {
            "telegram": Window(telegram_per_second, 1.0, now, sleep),
            "zalo": zalo,
        }
        self.groups: dict[str, Window] = {}

    async def acquire(self, channel: str, chat_id: str, is_group: bool) -> None:
        if is_group and channel == "telegram":
            window = self.groups.get(chat_id)
            if window is None:
                window = self.groups[chat_id] = Window(self._group_limit, 60.0, self._now, self._sleep)
            await window.acquire()
        overall = self.channels.get(channel)
        if overall is not None:
            await overall.acquire()

    def pause(self, channel: str, seconds: float) -> None:
        if channel in self.channels:
            self.channels[channel].pause(seconds)
