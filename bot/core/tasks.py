"""Ending a background task on purpose (a poller, a reminder tick cut short).

:func:`reap` cancels the task and waits for it: the task's cancellation is
the expected end, a failure is logged in one line naming what it was (never
swallowed), and a cancellation of the caller itself goes on up. The shell's
``serve.settled`` does the same for the parts of a shutdown it awaits.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any


async def reap(task: asyncio.Future[Any], what: str, log: logging.Logger) -> None:
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        me = asyncio.current_task()
        if me is not None and me.cancelling():
            raise  # the caller was cancelled too: that is not ours to end
    except Exception as exc:
        log.warning("%s had failed before it was stopped: %s: %s", what, type(exc).__name__, exc)
        return
    log.info("%s stopped", what)  # cancelled, or it caught the cancellation and ended by itself
