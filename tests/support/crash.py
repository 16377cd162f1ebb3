"""The crash harness (issue #11): ``dvbot run`` in a real process against the
fake Telegram and the fake Zalo Bot Platform, killed with SIGKILL at random
points while officers fill their reports and reminders go out, restarted,
and checked. Used by ``tests/shell/test_crash_harness.py`` (``make test``)
and ``benchmarks/bench_crash.py`` (``make bench``).

Each trial queues a few reminders, lets every officer answer questions (each
answer a text unique to its question, see :mod:`tests.support.crash_world`),
kills the bot after a seeded random delay, starts a new one and plays the
officers as people would: an answer they saw acknowledged ("✅ Đã lưu: …")
they consider done; one they saw nothing for they send again once the bot is
back — whether the dead bot had stored it (its reply went down with the
process) or the message went down with it (Zalo's polling has no
acknowledgement) — unless it is still waiting at the platform, and then wait
for the acknowledgement. (The harness reads where the message is from the
database and the fakes; a person would simply wait long enough.) Checked:

* no acknowledged answer lost: each is stored, on its question;
* none attached to the wrong question: no stored value, revisions included,
  is another question's answer;
* the conversation resumes at the right question: once the officers are
  answered, the question each one was last shown is the first one the
  database has no answer for;
* no reminder lost: every one reaches its chat;
* repeats only in the send-then-mark window, and counted: a reminder that
  arrives twice has a delivery left at 'sending' for each extra copy.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.messages import Channel
from bot.services.runtime import Runtime
from tests.fakes.telegram_api import FakeTelegram, FakeUser
from tests.fakes.zalo_api import FakeZaloApi
from tests.support import crash_world as world
from tests.support.crash_process import BotProcess
from tests.support.crash_world import Officer

ASKED = re.compile(r"Câu (\d+)/\d+")
STORED = re.compile(r"Đã lưu: (.+)$", re.M)
REMINDER = re.compile(r"Nhắc thử \d+-\d+")
WAIT = 20.0  # the longest anything may take before the harness calls it stuck


@dataclass
class Tally:
    trials: int = 0
    answers: int = 0  # answers acknowledged
    resends: int = 0  # answers sent again after a kill
    resent_stored: int = 0  # … of which the dead bot had stored (the resend must be recognised)
    lost: list[str] = field(default_factory=list)  # acknowledged, not stored
    misplaced: list[str] = field(default_factory=list)  # stored on a question they were not meant for
    resume: list[str] = field(default_factory=list)  # asked a question other than the first unanswered
    reminders: int = 0
    reminders_lost: list[str] = field(default_factory=list)
    reminder_repeats: int = 0  # extra copies, each with an unfinished 'sending' delivery
    unexplained_repeats: list[str] = field(default_factory=list)
    reply_repeats: int = 0  # an acknowledgement shown twice (redelivered: the send-then-mark window)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.lost or self.misplaced or self.resume or self.reminders_lost or self.unexplained_repeats)

    def summary(self) -> str:
        return (f"{self.trials} trials, {self.answers} answers acknowledged ({self.resends} resent, "
                f"{self.resent_stored} of them stored before the kill), "
                f"lost {len(self.lost)}, misplaced {len(self.misplaced)}, resume errors {len(self.resume)}; "
                f"{self.reminders} reminders, lost {len(self.reminders_lost)}, repeats {self.reminder_repeats} "
                f"(unexplained {len(self.unexplained_repeats)}); reply repeats {self.reply_repeats}")


class Harness:
    def __init__(self, work: Path, *, seed: int, trials: int, per_channel: int = 2, window: float = 0.6) -> None:
        self.work, self.rng, self.trials, self.window = work, random.Random(seed), trials, window
        self.people = world.officers(per_channel)
        self.questions = 3 * trials + 5  # at most three answers an officer a trial
        self.tg, self.zalo = FakeTelegram(), FakeZaloApi()
        self.db = work / "dvbot.sqlite3"
        self.bot: BotProcess | None = None
        self.rt: Runtime | None = None
        self.tally = Tally()
        self.received: Counter[str] = Counter()
        self.acks: Counter[tuple[str, str]] = Counter()  # (officer, acknowledging reply) → copies seen
        self.expected: list[str] = []

    # ---- the process -------------------------------------------------------------------------

    async def __aenter__(self) -> Harness:
        await self.tg.start()
        await self.zalo.start()
        self.rt = await Runtime.open(world.settings(self.db))
        await world.seed(self.rt, self.people, self.questions)
        env = world.bot_env(self.db, (self.tg.token, self.tg.base), (self.zalo.token, self.zalo.base_url))
        self.bot = BotProcess(self.work, env)
        await self.start()
        await asyncio.gather(*(self.open_report(o) for o in self.people))
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self.bot is not None:
            self.bot.stop()
        if self.rt is not None:
            await self.rt.close()
        await self.tg.stop()
        await self.zalo.stop()

    async def start(self) -> None:
        """Start ``dvbot run``; return once it polls both platforms."""
        assert self.bot is not None
        tg_before, zl_before = len(self.tg.calls("getUpdates")), len(self.zalo.calls_of("getUpdates"))
        self.bot.start()
        await self.until(lambda: len(self.tg.calls("getUpdates")) > tg_before
                         and len(self.zalo.calls_of("getUpdates")) > zl_before, "the bot to poll")

    def kill(self) -> None:
        assert self.bot is not None
        self.bot.kill()

    async def until(self, done: Any, what: str, within: float = WAIT) -> None:
        deadline = time.monotonic() + within
        while not done():
            if self.bot is not None and self.bot.exited():
                raise AssertionError(f"the bot stopped waiting for {what}: see {self.work}/bot.log")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            await asyncio.sleep(0.01)

    # ---- the people --------------------------------------------------------------------------

    async def say(self, o: Officer, text: str) -> str:
        if o.channel is Channel.TELEGRAM:
            return str(await self.tg.say(FakeUser(int(o.chat), o.name), text))
        return self.zalo.user_text(o.chat, text, name=o.name)

    def read(self, o: Officer) -> Officer:
        """Read what the bot sent the officer since last time; returns them."""
        texts = self.texts(o)
        for text in texts[o.read:]:
            if REMINDER.fullmatch(text.strip()):
                self.received[text.strip()] += 1
                continue
            if "Đã lưu:" in text:
                self.acks[(o.name, text)] += 1
            for value in STORED.findall(text):
                k = _question_of(o, value.strip())
                if k:
                    o.acked[k] = value.strip()
                    if k == o.pending:
                        o.pending, o.pending_key = 0, ""
            asked = ASKED.findall(text)
            if asked:
                o.asked = int(asked[-1])
        o.read = len(texts)
        return o

    def texts(self, o: Officer) -> list[str]:
        return self.tg.texts(int(o.chat)) if o.channel is Channel.TELEGRAM else self.zalo.sent(o.chat)

    async def open_report(self, o: Officer) -> None:
        """/baocao, then the one round (typed: every choice takes its number)."""
        await self.say(o, "/baocao")
        await self.until(lambda: any("Chọn kỳ báo cáo" in t for t in self.texts(o)), f"{o.name}'s round list")
        await self.say(o, "1")
        await self.until(lambda: self.read(o).asked == 1,
                         f"{o.name}'s first question (the bot said {self.texts(o)[-3:]})")

    async def talk(self, o: Officer, answers: int, stop: asyncio.Event) -> None:
        """Answer up to ``answers`` questions, each once acknowledged, until ``stop``."""
        while answers and not stop.is_set():
            self.read(o)
            if o.pending == 0 and o.asked and o.asked not in o.acked and o.asked <= self.questions:
                o.pending = o.asked
                o.pending_key = await self.say(o, o.value(o.asked))
                answers -= 1
            await asyncio.sleep(self.rng.uniform(0.005, 0.03))

    def fate(self, o: Officer) -> str:
        """Where the officer's unacknowledged message is, once the bot is dead:
        'stored' (the bot committed it: its reply went down with the process),
        'waiting' (still at the platform: the next bot gets it) or 'lost'
        (taken by the dead bot and not stored: Zalo's polling has no
        acknowledgement, and Telegram's offset confirmed it on the next poll)."""
        if o.channel is Channel.TELEGRAM:
            waiting = any(str(u["update_id"]) == o.pending_key for u in self.tg.updates)
        else:
            waiting = o.pending_key in self.zalo.waiting
        return "waiting" if waiting else "lost"

    async def recover(self, o: Officer, fate: str) -> None:
        """After the restart, as a person would: an answer they saw no
        acknowledgement for is sent again, once — unless it is still waiting
        at the platform, then the acknowledgement just comes — and the
        acknowledgement is awaited."""
        if fate in ("stored", "lost"):
            o.pending_key = await self.say(o, o.value(o.pending))
            self.tally.resends += 1
            self.tally.resent_stored += fate == "stored"
        await self.until(lambda: not self.read(o).pending,
                         f"{o.name}'s acknowledgement of question {o.pending} (the bot said {self.texts(o)[-3:]})")

    # ---- trials ------------------------------------------------------------------------------

    async def trial(self, n: int) -> None:
        assert self.rt is not None
        self.expected += await world.add_reminders(self.rt, self.people, n, self.rng.randint(0, 3))
        stop = asyncio.Event()
        talks = [asyncio.create_task(self.talk(o, self.rng.randint(1, 3), stop)) for o in self.people]
        await asyncio.sleep(self.rng.uniform(0.0, self.window))
        self.kill()
        stop.set()
        await asyncio.gather(*talks)
        for o in self.people:
            self.read(o)  # what reached them before the kill, they have seen
        fates = {o.name: "stored" if await world.handled(self.rt, o.channel, o.pending_key) else self.fate(o)
                 for o in self.people if o.pending}
        await self.start()
        await asyncio.gather(*(self.recover(o, fates[o.name]) for o in self.people if o.pending))
        await self.check_resume(n)
        self.tally.trials += 1

    async def check_resume(self, n: int) -> None:
        assert self.rt is not None
        answers = await world.stored(self.rt)
        for o in self.people:
            have = answers.get(o.unit_id, {})
            first = next(k for k in range(1, self.questions + 2) if f"q{k}" not in have)
            if o.asked != first:
                self.tally.resume.append(f"trial {n}: {o.name} shown question {o.asked}, first unanswered {first}")

    async def run(self) -> Tally:
        began = time.monotonic()
        for n in range(1, self.trials + 1):
            await self.trial(n)
        await self.final_checks()
        self.tally.seconds = time.monotonic() - began
        return self.tally

    async def final_checks(self) -> None:
        assert self.rt is not None
        rt = self.rt

        async def settled() -> bool:
            statuses, _ = await world.reminder_outcomes(rt)
            return all(s in ("sent", "failed", "cancelled") for s in statuses)

        deadline = time.monotonic() + WAIT
        while not await settled() and time.monotonic() < deadline:  # noqa: ASYNC110 - the database offers no event
            await asyncio.sleep(0.05)
        for o in self.people:
            self.read(o)
        answers, past = await world.stored(rt), await world.history(rt)
        for o in self.people:
            self.tally.answers += len(o.acked)
            have = answers.get(o.unit_id, {})
            for k, value in o.acked.items():
                if have.get(f"q{k}") != value:
                    self.tally.lost.append(f"{o.name}: question {k} acknowledged {value!r}, stored {have.get(f'q{k}')!r}")
            for qid, ever in past.get(o.unit_id, []):
                if ever != o.value(int(qid[1:])):
                    self.tally.misplaced.append(f"{o.name}: {ever!r} stored on {qid}")
        self.tally.reply_repeats = sum(n - 1 for n in self.acks.values())
        _, unfinished = await world.reminder_outcomes(rt)
        self.tally.reminders = len(self.expected)
        for text in self.expected:
            copies = self.received[text]
            if copies == 0:
                self.tally.reminders_lost.append(text)
            self.tally.reminder_repeats += max(copies - 1, 0)
            if copies - 1 > unfinished.get(text, 0):
                self.tally.unexplained_repeats.append(f"{text}: {copies} copies, {unfinished.get(text, 0)} unfinished sends")


def _question_of(o: Officer, value: str) -> int:
    prefix = f"{o.name} ý "
    return int(value[len(prefix):]) if value.startswith(prefix) and value[len(prefix):].isdigit() else 0


async def run_trials(work: Path, *, seed: int, trials: int, per_channel: int = 2) -> Tally:
    async with Harness(work, seed=seed, trials=trials, per_channel=per_channel) as harness:
        return await harness.run()
