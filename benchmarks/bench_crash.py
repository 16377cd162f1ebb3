"""The crash harness at bench size (issue #11): ``dvbot run`` killed with
SIGKILL at 100+ seeded random points while officers on Telegram and Zalo
fill their reports and reminders go out, restarted each time, and checked
(tests/support/crash.py). Two worlds run side by side (each its own fakes,
database and bot), and the bot is forked from a Python that imported dvbot
once (tests/support/zygote.py) so a restart costs the bot's start, not the
imports. Counts trials, answers lost and misplaced, resume errors,
reminders lost and repeated (each repeat must have an unfinished send)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
from pathlib import Path

from tests.support.crash import Harness, Tally

Row = tuple[str, float | int | str, str, str]
WORLDS, TRIALS = 2, 50  # 100 trials


async def _all(tmp: Path) -> list[Tally]:
    async with contextlib.AsyncExitStack() as stack:
        worlds = []
        for i in range(WORLDS):  # set up one after the other (Alembic's context is process-global) …
            (tmp / str(i)).mkdir()
            worlds.append(await stack.enter_async_context(Harness(tmp / str(i), seed=20261202 + i, trials=TRIALS)))
        return list(await asyncio.gather(*(w.run() for w in worlds)))  # … then run side by side


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        tallies = asyncio.run(_all(Path(tmp)))
    total = Tally()
    for t in tallies:
        for name in ("trials", "answers", "resends", "resent_stored", "reminders", "reminder_repeats", "reply_repeats"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
        for name in ("lost", "misplaced", "resume", "reminders_lost", "unexplained_repeats"):
            getattr(total, name).extend(getattr(t, name))
        total.seconds = max(total.seconds, t.seconds)
    for line in (total.lost + total.misplaced + total.resume + total.reminders_lost + total.unexplained_repeats)[:10]:
        print(f"  crash: {line}", file=sys.stderr)
    return [
        ("crash: kill -9 trials (Telegram + Zalo)", total.trials, "trials", ">= 100"),
        ("crash: answers acknowledged", total.answers, "answers", ""),
        ("crash: answers sent again after a kill", f"{total.resends} ({total.resent_stored} stored)", "answers", ""),
        ("crash: acknowledged answers lost", len(total.lost), "answers", "0"),
        ("crash: answers on the wrong question", len(total.misplaced), "answers", "0"),
        ("crash: resumed at the wrong question", len(total.resume), "officers", "0"),
        ("crash: reminders queued", total.reminders, "msgs", ""),
        ("crash: reminders lost", len(total.reminders_lost), "msgs", "0"),
        ("crash: reminder repeats (send-then-mark)", total.reminder_repeats, "msgs", "counted"),
        ("crash: repeats without an unfinished send", len(total.unexplained_repeats), "msgs", "0"),
        ("crash: replies shown twice (send-then-mark)", total.reply_repeats, "msgs", "counted"),
        ("crash: wall time", total.seconds, "s", "~1-2 min"),
    ]
