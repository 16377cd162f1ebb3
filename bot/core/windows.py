"""A sliding window: at most ``limit`` events in any ``period`` seconds.

The one limiter whose promise is the platforms' (Telegram: about 30 messages
a second), used by the reminder dispatcher (``bot/services/reminders/
ratelimit.py``), by Telegram's replies (``bot/channels/telegram/
ratelimit.py``) and by the Zalo Bot Platform's sends (``bot/channels/zalo/
outbox.py``), the last two through :func:`per_second`. A token bucket is not:
after a quiet spell it lets a full bucket through at once and keeps sending at
the rate, twice the cap in one second. The time source and the sleep are
injectable.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable

Now = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# Seconds added to a send cap's window: the spread of request times between
# the limiter and the platform, so that a request that reaches it faster than
# the one ``limit`` sends before it still falls outside that one's window.
MARGIN = 0.05


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


def per_second(rate: float, period: float = 1.0, now: Now = time.monotonic, sleep: Sleep = asyncio.sleep) -> Window:
    """A platform's send cap of ``rate`` sends a ``period``: at most ``rate``
    in any ``period`` (+ ``MARGIN``) when it is whole, else one every
    ``period / rate`` (+ ``MARGIN``): 2.5 a second, one every 0.45 s."""
    if rate == int(rate):
        return Window(int(rate), period + MARGIN, now, sleep)
    return Window(1, period / rate + MARGIN, now, sleep)


__all__ = ["MARGIN", "Now", "Sleep", "Window", "per_second"]
