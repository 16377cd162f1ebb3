"""PTB's ``AIORateLimiter`` with a sliding window for the overall cap.

PTB's limiter (a leaky bucket, ``aiolimiter``) lets a full bucket through at
once after a quiet spell and then keeps sending at the rate: up to twice the
cap within one second, which the benchmark's count of the fake server's
receive times showed (``benchmarks/bench_channels.py``). Here the overall
cap is :class:`bot.core.windows.Window` — at most ``max_rate`` sends in any
second — counted when a send's turn comes, right before its request; the
window is a little longer than the second (``MARGIN``) so that a request that
reaches Telegram faster than the one 30 sends before it still falls outside
that one's second. Everything else (429 ``retry_after``, retries, the
per-group cap) is PTB's.
"""

from __future__ import annotations

from types import TracebackType

from telegram.ext import AIORateLimiter

from bot.core.windows import MARGIN, per_second


class _Turn:
    """The overall cap as PTB's limiter enters it (``async with``)."""

    def __init__(self, max_rate: float, time_period: float) -> None:
        self.max_rate, self.time_period = max_rate, time_period
        self.window = per_second(max_rate, time_period)

    async def __aenter__(self) -> None:
        await self.window.acquire()

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        return None


class WindowedRateLimiter(AIORateLimiter):
    __slots__ = ()

    def __init__(self, overall_max_rate: float, *, group_max_rate: float, max_retries: int) -> None:
        super().__init__(overall_max_rate, group_max_rate=group_max_rate, max_retries=max_retries)
        if self._base_limiter is not None:
            self._base_limiter = _Turn(overall_max_rate, 1)  # type: ignore[assignment]


__all__ = ["MARGIN", "WindowedRateLimiter"]
