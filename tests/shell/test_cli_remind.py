"""``dvbot remind preview`` (golden output) and ``dvbot remind tick``."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell.cli import app
from tests.support.golden import UPDATE
from tests.support.reminders import add_admin, bind_group, local, register_officer, seed_year

GOLDEN = Path(__file__).parent / "golden" / "preview.txt"
runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path}/cli.sqlite3"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DVBOT_DATABASE_URL", url)
    monkeypatch.setenv("DVBOT_LOG_LEVEL", "WARNING")
    for var in ("DVBOT_ZALO_TOKEN", "DVBOT_TELEGRAM_TOKEN"):
        monkeypatch.delenv(var, raising=False)

    async def setup() -> None:
        rt = await Runtime.open(Settings(database_url=url, _env_file=None), FakeClock(local(2025, 8, 20, 9)))  # type: ignore[call-arg]
        try:
            ids = await seed_year(rt)
            await add_admin(rt, ids["TN"])
            await bind_group(rt, ids["TN"], "-100tn")
            await register_officer(rt, ids["SNV"], "snv", "Nguyễn Văn An")
            await register_officer(rt, ids["STC"], "stc", "Trần Thị Bình", Channel.ZALO)
        finally:
            await rt.close()

    asyncio.run(setup())
    return url


def test_preview_golden(db: str) -> None:
    result = runner.invoke(app, ["remind", "preview", "--at", "2025-08-29 07:00", "--days", "10"])
    assert result.exit_code == 0, result.output
    if UPDATE:
        GOLDEN.write_text(result.output, encoding="utf-8")
    assert result.output == GOLDEN.read_text(encoding="utf-8")


def test_preview_rejects_a_bad_time(db: str) -> None:
    result = runner.invoke(app, ["remind", "preview", "--at", "29/08/2025"])
    assert result.exit_code != 0


def test_tick_sends_due_console_reminders_once(db: str) -> None:
    # nothing is due at the real "now" for a 2025 plan long past: the tick is a no-op
    result = runner.invoke(app, ["remind", "tick"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().startswith("planned ")
