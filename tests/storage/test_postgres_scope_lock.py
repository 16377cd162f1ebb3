"""Authority at the act, on PostgreSQL: reading an admin's scope share-locks
its rows, so a revocation that arrives while the act is in flight waits for
it to commit (and the next step then sees the scope gone). Skipped when
127.0.0.1:5432 is not reachable; SQLite serialises writers by itself."""

from __future__ import annotations

import asyncio

import pytest

from bot.services import scope
from bot.services.runtime import Runtime
from storage import admins as admin_store
from tests.conftest import postgres_reachable, seed
from tests.support.admin import make_admin

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not postgres_reachable(), reason="PostgreSQL not reachable on 127.0.0.1:5432"),
]


async def test_a_revocation_waits_for_the_act_in_flight(pg_rt: Runtime) -> None:
    await seed(pg_rt)
    await make_admin(pg_rt, "boss", "TN")
    revoked = asyncio.Event()

    async def revoke() -> None:
        async with pg_rt.begin() as other:
            await admin_store.remove_admin(other, "console", "boss")
        revoked.set()

    async with pg_rt.begin() as conn:
        assert await scope.still_covers(conn, "console", "boss", codes=["SNV"])
        task = asyncio.create_task(revoke())
        await asyncio.sleep(0.5)
        assert not revoked.is_set(), "the revocation went through while the act was in flight"
    await asyncio.wait_for(task, 5)
    async with pg_rt.begin() as conn:
        assert not await scope.still_covers(conn, "console", "boss", codes=["SNV"])
