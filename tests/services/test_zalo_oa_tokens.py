"""The Zalo OA's token pair in the database, against the fake OAuth server
whose refresh tokens work once: exactly one refresher across replicas
(SQLite: two runtimes on one file; PostgreSQL: two engines on one database),
and a refresher killed between Zalo's answer and the write."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.channels.zalo_oa.client import OAuthClient
from bot.core.clock import FakeClock
from bot.core.errors import TokenLost
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.services.zalo_oa import TokenKeeper
from storage import zalo_oa as store
from tests.conftest import fresh_postgres, postgres_reachable
from tests.fakes.zalo_oa_api import APP_ID, APP_SECRET, FakeOA, running

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def fake() -> AsyncIterator[FakeOA]:
    async with running(FakeOA()) as server:
        yield server


def keeper(rt: Runtime, fake: FakeOA, alerts: list[str] | None = None) -> TokenKeeper:
    async def alert(key: str, _params: dict[str, Any]) -> None:
        if alerts is not None:
            alerts.append(key)

    return TokenKeeper(rt, APP_ID, OAuthClient(APP_ID, APP_SECRET, fake.base_url), alert=alert)


async def _race(fake: FakeOA, one: Runtime, two: Runtime) -> None:
    first, second = keeper(one, fake), keeper(two, fake)
    assert await first.seed(fake.authorize())
    assert not await second.seed("rt-another-first-token")  # a restart does not reseed
    tokens = await asyncio.gather(*(k.access_token() for k in (first, second, first, second)))
    assert len(set(tokens)) == 1 and fake.refreshes == 1 and fake.refused_refreshes == 0
    fake.expire_access()  # both replicas are told the token is refused at once
    renewed = await asyncio.gather(first.renew(tokens[0]), second.renew(tokens[0]))
    assert renewed[0] == renewed[1] != tokens[0]
    assert fake.refreshes == 2 and fake.refused_refreshes == 0
    async with one.begin() as conn:
        row = await store.read(conn, APP_ID)
    assert row is not None and row.refresh_token in fake.refresh_tokens and row.attempt_at is None


async def test_two_replicas_on_sqlite_refresh_once(fake: FakeOA, tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/db.sqlite3", _env_file=None)  # type: ignore[call-arg]
    one, two = await Runtime.open(settings), await Runtime.open(settings, migrate_db=False)
    try:
        await _race(fake, one, two)
    finally:
        await one.close()
        await two.close()


async def test_two_replicas_on_postgresql_refresh_once(fake: FakeOA) -> None:
    if not postgres_reachable():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    async with fresh_postgres("dvbot_oa") as settings:
        one, two = await Runtime.open(settings), await Runtime.open(settings, migrate_db=False)
        try:
            await _race(fake, one, two)
        finally:
            await one.close()
            await two.close()


async def test_a_refresher_killed_after_zalo_answered(fake: FakeOA, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/db.sqlite3"
    clock = FakeClock(dt.datetime.now(dt.UTC))
    rt = await Runtime.open(Settings(database_url=url, _env_file=None), clock)  # type: ignore[call-arg]
    alerts: list[str] = []
    try:
        tokens = keeper(rt, fake, alerts)
        await tokens.seed(fake.authorize())
        before = await tokens.access_token()  # the first pair, stored

        marker = tmp_path / "answered"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.support.oa_refresher", url, fake.base_url, str(marker), env=env, cwd=ROOT)
        while not marker.exists():
            assert child.returncode is None, "the refresher ended before Zalo answered"
            await asyncio.sleep(0.05)
        child.send_signal(signal.SIGKILL)  # with the new pair in hand, before the write
        await child.wait()
        assert fake.refreshes == 2  # Zalo did issue a second pair, which nobody stored

        # After the restart the stored access token still serves while it lives …
        restarted = keeper(rt, fake, alerts)
        assert await restarted.access_token() == before and alerts == []
        # … and when it must be refreshed, the spent refresh token is refused:
        # the pair is lost, said exactly, once, to the admins.
        clock.advance(hours=24)
        with pytest.raises(TokenLost, match="interrupted after Zalo spent the refresh token"):
            await restarted.access_token()
        assert alerts == ["zalo_oa.alert_token_lost"] and fake.refused_refreshes == 1
        with pytest.raises(TokenLost, match="dvbot zalo-oa authorize"):
            await restarted.access_token()  # no second call to Zalo, no second alert
        assert fake.refused_refreshes == 1 and alerts == ["zalo_oa.alert_token_lost"]

        # The operator re-authorises and seeds the new refresh token: it works again.
        assert await restarted.seed(fake.authorize(), replace=True)
        assert await restarted.access_token() in fake.access_tokens
    finally:
        await rt.close()
