"""Two ``dvbot run`` replicas against one, on one PostgreSQL database, in
webhook mode (the Zalo OA, the channel that only pushes webhooks): 50 officers
in a closed loop (``channel_race``) answer the 6-month report, first all to
replica 1, then each delivery to the next replica in turn (a round-robin
proxy without sticky sessions, as deploy/README.md describes). Both replicas
run during both measurements; the fake OA and the officers run in this process.
On this 2-core machine the replicas and the fake share the same two cores, so
the ratio says how far a second process helps here, not on a real server.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from itertools import count
from pathlib import Path

from benchmarks.bench_channels_zalo import HeardOA, oa_env, officers_race
from benchmarks.channel_race import Row, dvbot, seeded
from benchmarks.databases import database, kinds
from bot.core.messages import Channel
from tests.channels.zalo_oa_support import healthy
from tests.fakes.zalo_oa_api import free_port, running
from tests.support.live import LiveBot

OFFICERS = 50
EACH = 8  # 400 messages a measurement


async def _run() -> list[Row]:
    if "postgresql" not in kinds():
        return [("replicas: PostgreSQL not reachable", 0, "", "setup")]
    async with running(HeardOA()) as fake, database("postgresql") as url:
        users = [str(4815162343000 + n) for n in range(OFFICERS)]
        first = await seeded(url, Channel.ZALO_OA, users)
        ports = [free_port(), free_port()]
        turn = count()
        spread = [False]

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
                one = await officers_race(fake.waiters, say, users, EACH, first)
                spread[0] = True
                two = await officers_race(fake.waiters, say, users, EACH, first)
            except AssertionError:
                for bot in bots:
                    print(bot.log(), file=sys.stderr)
                raise
            finally:
                for bot in bots:
                    await bot.stop()
    return [
        ("replicas (PostgreSQL, OA webhook, 50 officers): one replica updates/s", round(one.per_second, 1), "upd/s", ""),
        ("replicas: one replica p50 latency", round(one.quantile(0.5), 1), "ms", ""),
        ("replicas: two replicas updates/s", round(two.per_second, 1), "upd/s", ""),
        ("replicas: two replicas p50 latency", round(two.quantile(0.5), 1), "ms", ""),
        ("replicas: two/one throughput", round(two.per_second / one.per_second, 2), "ratio", ">= 1.6"),
    ]


def run() -> list[Row]:
    return asyncio.run(_run())
