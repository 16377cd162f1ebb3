"""The CLI in-process (typer's runner) on a fresh SQLite file per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.shell.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DVBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/x.sqlite3")
    monkeypatch.setenv("DVBOT_LOG_LEVEL", "WARNING")


def dvbot(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output
