"""``dvbot`` imports only the command it runs: ``dvbot --help`` loads no
database, channel, chart or document library (that is what made it take a
second), and the lazy command table is the whole command line. No timing
here: start-up time is measured by ``make bench``-style runs, not asserted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from bot.core.settings import load_settings
from bot.shell import cli
from bot.shell.cli import help as cli_help

HEAVY = ("telegram", "sqlalchemy", "matplotlib", "docx", "openpyxl", "aiosqlite", "asyncpg", "alembic", "pydantic")

PROBE = """
import sys
from bot.shell.cli import main
sys.argv = ["dvbot", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    code = done.code
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print("HEAVY", ",".join(heavy), "EXIT", code, file=sys.stderr)
"""


def _probe(tmp_path: Path, *args: str) -> tuple[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVBOT_")}
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("HEAVY"), done.stderr
    return last, done.stdout


@pytest.mark.parametrize("args", [("--help",), ("--lang", "en", "--help"), ()])
def test_help_loads_no_heavy_library(tmp_path: Path, args: tuple[str, ...]) -> None:
    last, out = _probe(tmp_path, *args)
    assert last.split()[1] == "EXIT", last  # nothing heavy between HEAVY and EXIT
    if args:
        assert last.endswith("EXIT 0") and "migrate" in out and "evidence" in out


def test_running_a_command_loads_what_it_needs(tmp_path: Path) -> None:
    last, out = _probe(tmp_path, "--lang", "en", "plan", "--help")
    assert last.endswith("EXIT 0") and "validate" in out and "rollover" in out
    assert "sqlalchemy" in last.split()[1]  # the plan commands need the database


def test_the_lazy_table_is_the_whole_command_line() -> None:
    full = typer.main.get_group(cli.app)  # every module imported
    assert list(full.commands) == list(cli.COMMANDS)  # same commands, in the order of the page
    assert {m for ms in cli.COMMANDS.values() for m in ms} == set(cli.MODULES)
    lazy = cli_help.lazy_command(cli.root, "en", list(cli.COMMANDS), cli.load)
    for name in cli.COMMANDS:
        loaded, whole = lazy.get_command(None, name), full.commands[name]
        assert sorted(getattr(loaded, "commands", {})) == sorted(getattr(whole, "commands", {})), name
        assert [p.name for p in loaded.params] == [p.name for p in whole.params], name
    assert lazy.get_command(None, "nonsense") is None


@pytest.mark.parametrize("where", ["env", "env-lower", "dotenv", "none", "bad"])
def test_help_language_reads_the_locale_as_the_settings_do(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for key in [k for k in os.environ if k.upper() == "DVBOT_LOCALE"]:
        monkeypatch.delenv(key)
    if where == "env":
        monkeypatch.setenv("DVBOT_LOCALE", "en")
    elif where == "env-lower":
        monkeypatch.setenv("dvbot_locale", "en")
    elif where == "dotenv":
        (tmp_path / ".env").write_text("# a comment\nDVBOT_LOCALE='en'\n", encoding="utf-8")
    elif where == "bad":
        (tmp_path / ".env").write_text("DVBOT_LOCALE=fr\n", encoding="utf-8")
    expected = "vi" if where == "bad" else load_settings().locale
    assert cli_help.locale_setting() == expected
    assert expected == ("vi" if where in ("none", "bad") else "en")


def test_a_quick_command_on_an_up_to_date_database_loads_no_alembic(tmp_path: Path) -> None:
    """``dvbot plan list`` on a database already at head reads its revision and
    goes on: Alembic (and its dialect modules) is loaded only to migrate."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVBOT_")}
    env["DVBOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'q.sqlite3'}"
    first = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), "plan", "list"], env=env,
                           cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "alembic" in first.stderr.strip().splitlines()[-1]  # a new database: migrated
    again = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), "plan", "list"], env=env,
                           cwd=tmp_path, capture_output=True, text=True, timeout=120)
    last = again.stderr.strip().splitlines()[-1]
    assert last.endswith("EXIT 0") and "alembic" not in last.split()[1], again.stderr
