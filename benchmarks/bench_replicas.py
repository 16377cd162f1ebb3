"""Two ``dvbot run`` replicas against one, on one PostgreSQL database, in
webhook mode (the Zalo OA, the channel that only pushes webhooks): 50 officers
in a closed loop (``channel_race``) answer the 6-month report, first all to
replica 1, then each delivery to the next replica in turn (a round-robin
proxy without sticky sessions, as deploy/README.md describes). Both replicas
run during both measurements; the fake OA and the officers run in this process.

On this 2-core machine the replicas, PostgreSQL and the load generator (this
process) share the same two cores, so the wall-clock ratio says how far a
second process helps here, not on a real server. Each phase therefore also
reports the CPU it took, per answer, of each process (``benchmarks/cpu.py``):
the replicas, PostgreSQL's backends of the bench's database, and this
process; the share of the machine's cores they used over the phase; and the
ratio the measured CPU costs allow at most on this machine's cores
(``ceiling``): one replica is one thread, so at most ``1000 / its ms`` answers
a second; the processes together at most ``cores × 1000 / total ms``. When the
machine is busy with other work, the share used is low and the wall-clock
ratio follows the scheduler, not dvbot: compare the CPU per answer.

What contention would cost is counted too: the router's retries (a session
changed by the other replica), and the replies one replica took over from
the other while they were being sent (``redelivered``: sent again, with the
"sent again" notice) — the sends per answer show both.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import sqlalchemy as sa

from benchmarks import cpu
from benchmarks.bench_channels_zalo import HeardOA, heard_oa, oa_env, officers_race
from benchmarks.channel_race import Race, Row, dvbot, seeded
from benchmarks.databases import database, kinds
from bot.core.messages import Channel
from storage.db import create_engine
from tests.channels.zalo_oa_support import healthy
from tests.fakes.zalo_oa_api import free_port
from tests.support.live import LiveBot

OFFICERS = 50
EACH = 8  # 400 messages a measurement
RETRIED = "retrying an update"  # the router's log line (handlers/router.py)


@dataclass
class Counts:
    """What the processes had used and done at one moment."""

    replicas: list[float]  # CPU seconds of each replica
    postgres: float  # CPU seconds of the bench database's backends
    generator: float  # CPU seconds of this process (the officers and the fake OA)
    retries: int
    sends: int  # messages the fake OA received
    redelivered: int  # reply rows sent again by another update than their own


@dataclass
class Phase:
    run: Race
    before: Counts
    after: Counts

    @property
    def answers(self) -> int:
        return len(self.run.latencies)

    def ms(self, used: float) -> float:
        """CPU ``used`` (seconds) in milliseconds per answer."""
        return used / self.answers * 1000

    @property
    def replica_ms(self) -> list[float]:
        """Each replica's CPU ms per answer of the phase (with two, each handled about half)."""
        return [self.ms(b - a) for a, b in zip(self.before.replicas, self.after.replicas, strict=True)]

    @property
    def postgres_ms(self) -> float:
        return self.ms(self.after.postgres - self.before.postgres)

    @property
    def generator_ms(self) -> float:
        return self.ms(self.after.generator - self.before.generator)

    @property
    def total_ms(self) -> float:
        return sum(self.replica_ms) + self.postgres_ms + self.generator_ms

    @property
    def share(self) -> float:
        """Of the machine's cores over the phase, the part these processes used."""
        return self.total_ms * self.answers / 1000 / (self.run.ended - self.run.started) / cpu.available()

    @property
    def most(self) -> float:
        """Answers a second the measured CPU costs allow on this machine: the
        busiest replica and the generator each on one thread (one core at
        most), all processes together on the machine's cores."""
        threads = [*self.replica_ms, self.generator_ms]
        return min(*(1000 / ms for ms in threads if ms > 0), cpu.available() * 1000 / self.total_ms)

    def delta(self, name: str) -> int:
        return int(getattr(self.after, name) - getattr(self.before, name))


async def _redelivered(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return int((await conn.execute(sa.text("SELECT count(*) FROM replies WHERE redelivered"))).scalar_one())
    finally:
        await engine.dispose()


async def _counts(bots: list[LiveBot], database_name: str, url: str, fake: HeardOA) -> Counts:
    return Counts(
        replicas=[cpu.process(b.proc.pid) if b.proc else 0.0 for b in bots],
        postgres=cpu.postgres(database_name), generator=time.process_time(),
        retries=sum(RETRIED in line for b in bots for line in b.lines), sends=len(fake.sent),
        redelivered=await _redelivered(url),
    )


def _rows(label: str, phase: Phase) -> list[Row]:
    ms = phase.replica_ms
    return [
        (f"replicas: {label} updates/s", round(phase.run.per_second, 1), "upd/s", ""),
        (f"replicas: {label} p50 latency", round(phase.run.quantile(0.5), 1), "ms", ""),
        (f"replicas: {label} CPU per answer, replicas", round(sum(ms), 1), "ms", "setup"),
        (f"replicas: {label} CPU per answer, PostgreSQL", round(phase.postgres_ms, 1), "ms", "setup"),
        (f"replicas: {label} CPU per answer, load generator", round(phase.generator_ms, 1), "ms", "setup"),
        (f"replicas: {label} share of the {cpu.available()} cores used", round(phase.share, 2), "ratio", "setup"),
        (f"replicas: {label} at most on these cores (from the CPU per answer)",
         round(phase.most, 1), "upd/s", "setup"),
        (f"replicas: {label} retries (a session changed meanwhile)", phase.delta("retries"), "count", "setup"),
        (f"replicas: {label} replies sent again by another update", phase.delta("redelivered"), "count", "setup"),
        (f"replicas: {label} sends per answer", round(phase.delta("sends") / phase.answers, 2), "msgs", "setup"),
        (f"replicas: {label} messages never answered", phase.run.lost, "count", "0"),
    ]


async def _run() -> list[Row]:
    if "postgresql" not in kinds():
        return [("replicas: PostgreSQL not reachable", 0, "", "setup")]
    async with heard_oa() as fake, database("postgresql") as url:
        users = [str(4815162343000 + n) for n in range(OFFICERS)]
        first = await seeded(url, Channel.ZALO_OA, users)
        ports = [free_port(), free_port()]
        turn = count()
        spread = [False]
        name = url.rsplit("/", 1)[1]

        async def say(user: str, text: str) -> None:
            port = ports[next(turn) % 2] if spread[0] else ports[0]
            fake.bot_url = f"http://127.0.0.1:{port}/zalo-oa"
            assert await fake.deliver(fake.event(user, text=text)) == 200

        with tempfile.TemporaryDirectory() as tmp:
            bots: list[LiveBot] = []
            try:
                for port in ports:  # one after the other: the first migrates and seeds the tokens
                    bot = dvbot(Path(tmp), url, oa_env(fake, port))
                    bots.append(await bot.start())
                    await healthy(f"http://127.0.0.1:{port}/healthz")
                start = await _counts(bots, name, url, fake)
                run = await officers_race(fake.waiters, say, users, EACH, first)
                one = Phase(run, start, await _counts(bots, name, url, fake))
                spread[0] = True
                run = await officers_race(fake.waiters, say, users, EACH, first)
                two = Phase(run, one.after, await _counts(bots, name, url, fake))
            except AssertionError:
                for bot in bots:
                    print(bot.log(), file=sys.stderr)
                raise
            finally:
                for bot in bots:
                    await bot.stop()
    cost = (two.total_ms / one.total_ms) if one.total_ms else 0.0
    return [
        ("replicas (PostgreSQL, OA webhook, 50 officers): one replica updates/s", round(one.run.per_second, 1), "upd/s", ""),
        *_rows("one replica", one)[1:],
        *_rows("two replicas", two),
        ("replicas: two/one throughput", round(two.run.per_second / one.run.per_second, 2), "ratio", ">= 1.6"),
        ("replicas: two/one CPU per answer (all processes)", round(cost, 2), "ratio", "setup"),
        ("replicas: two/one at most on these cores (ceiling)", round(two.most / one.most, 2), "ratio", "setup"),
    ]


def run() -> list[Row]:
    return asyncio.run(_run())
