"""The tick: an APScheduler interval job (every ``reminder_tick_seconds``)
that runs the planner, then the dispatcher. APScheduler only ticks; all due
work lives in the database, so a restart or a second replica loses nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Mapping

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.core.messages import Channel
from bot.core.ports import Sender
from bot.core.tasks import reap
from bot.services.reminders.content import ReminderTexts
from bot.services.reminders.dispatcher import Dispatcher, Stats
from bot.services.reminders.planner import Planner
from bot.services.runtime import Runtime
from handlers.views.reminders import TEXTS

log = logging.getLogger(__name__)
JOB_ID = "reminders-tick"


class ReminderTick:
    """One planner and one dispatcher; ``run`` is one tick. The reminders'
    wording (``texts``) is the handlers' one unless a caller brings its own."""

    def __init__(
        self, rt: Runtime, senders: Mapping[Channel, Sender], *, texts: ReminderTexts = TEXTS,
        **dispatcher_kw: object,
    ) -> None:
        self.planner = Planner(rt)
        self.dispatcher = Dispatcher(rt, senders, texts=texts, **dispatcher_kw)  # type: ignore[arg-type]
        self.ticks = 0
        self._running: asyncio.Task[None] | None = None

    async def run(self) -> tuple[int, Stats]:
        planned = await self.planner.tick()
        stats = await self.dispatcher.tick()
        self.ticks += 1
        if planned or stats.sent or stats.failed or stats.retried:
            log.info("reminders: planned %d, sent %d, retried %d, failed %d, cancelled %d",
                     planned, stats.sent, stats.retried, stats.failed, stats.cancelled)
        return planned, stats

    async def run_safely(self) -> None:
        """The job body: a failing tick is logged and retried on the next one."""
        self._running = asyncio.current_task()
        try:
            await self.run()
        except Exception:
            log.exception("reminder tick failed")
        finally:
            self._running = None

    async def wait_idle(self, grace: float) -> None:
        """Let a tick in flight finish (it sends, then marks: cut short, it would
        repeat a reminder); one still running after ``grace`` seconds is cancelled."""
        task = self._running
        if task is None or task.done():
            return
        try:
            await asyncio.wait_for(asyncio.shield(task), grace)
        except TimeoutError:
            log.warning("reminder tick still running after %.0f s: cancelled (the rows it claimed are "
                        "taken over when their lease lapses)", grace)
            await reap(task, "reminder tick", log)


def start_scheduler(rt: Runtime, senders: Mapping[Channel, Sender]) -> AsyncIOScheduler:
    """Start ticking inside the running event loop; call ``.shutdown()`` to stop.
    The first tick runs at once; ticks never overlap (a slow one is coalesced)."""
    tick = ReminderTick(rt, senders)
    scheduler = AsyncIOScheduler(timezone=rt.settings.tz)
    scheduler.add_job(
        tick.run_safely, "interval", seconds=rt.settings.reminder_tick_seconds, id=JOB_ID,
        # APScheduler keeps wall-clock time (not rt.clock): the first run is now.
        max_instances=1, coalesce=True, next_run_time=dt.datetime.now(dt.UTC), misfire_grace_time=None,
    )
    scheduler.start()
    scheduler.reminder_tick = tick  # type: ignore[attr-defined]  # for tests and diagnostics
    return scheduler


async def stop_scheduler(scheduler: AsyncIOScheduler, *, grace: float = 30.0) -> None:
    """Stop ticking and wait for the tick in flight, so nothing still holds a
    database connection when the runtime closes (a tick left running past the
    engine's disposal waits forever for its connection, and the loop with it)."""
    scheduler.pause()  # no new tick; shutdown() would cancel the one in flight mid-send
    tick: ReminderTick | None = getattr(scheduler, "reminder_tick", None)
    if tick is not None:
        await tick.wait_idle(grace)
    scheduler.shutdown(wait=False)
