"""A sliding window: at most ``limit`` events in any ``period`` seconds.

The one limiter whose promise is the platforms' (Telegram: about 30 messages
a second), used by the reminder dispatcher (``bot/services/reminders/
ratelimit.py``) and by Telegram's replies (``bot/channels/telegram/
ratelimit.py``). A token bucket is not: after a quiet spell it lets a full
bucket through at once and keeps sending at the rate, twice the cap in one
second. The time source and the sleep are injectable.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable

Now = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


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
        async with self.turn():
            return  # the send is counted when the turn closes

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Wait until one more event fits, hold the window meanwhile (FIFO:
        waiters keep their order) and count the event when the caller is done."""
        async with self._lock:
            while True:
                now = self._now()
                while self._events and self._events[0] <= now - self.period:
                    self._events.popleft()
                wait = self._paused_until - now
                if len(self._events) >= self.limit:
                    wait = max(wait, self._events[0] + self.period - now)
                if wait <= 0:
                    break
                await self._sleep(wait)
            yield
            self._events.append(self._now())


__all__ = ["Now", "Sleep", "Window"]
