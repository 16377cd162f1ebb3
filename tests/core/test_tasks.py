"""reap: ending a background task on purpose says what happened and never
swallows the caller's own cancellation (it replaced contextlib.suppress in
the Zalo poller's stop and the reminder tick's shutdown)."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.core.tasks import reap

log = logging.getLogger("tests.reap")


async def _forever() -> None:
    await asyncio.Event().wait()


async def test_a_cancelled_task_ends_quietly_and_is_logged_as_stopped(caplog: pytest.LogCaptureFixture) -> None:
    task = asyncio.create_task(_forever())
    await asyncio.sleep(0)
    with caplog.at_level(logging.INFO, "tests.reap"):
        await reap(task, "the poller", log)
    assert task.cancelled()
    assert [r.getMessage() for r in caplog.records] == ["the poller stopped"]


async def test_a_task_that_had_failed_is_logged_in_one_line(caplog: pytest.LogCaptureFixture) -> None:
    async def fails() -> None:
        raise RuntimeError("disk full")

    task = asyncio.create_task(fails())
    await asyncio.sleep(0)
    with caplog.at_level(logging.INFO, "tests.reap"):
        await reap(task, "the tick", log)
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.WARNING, "the tick had failed before it was stopped: RuntimeError: disk full")]


async def test_the_callers_own_cancellation_goes_on_up() -> None:
    """Cancelling whoever waits in reap is not swallowed (contextlib.suppress did)."""
    inner = asyncio.create_task(_forever())
    waiting = asyncio.Event()

    async def stopper() -> str:
        waiting.set()
        await reap(inner, "the poller", log)
        return "went on"

    outer = asyncio.create_task(stopper())
    await waiting.wait()
    outer.cancel()
    with pytest.raises(asyncio.CancelledError):
        await outer
    assert outer.cancelled() and inner.cancelled()
