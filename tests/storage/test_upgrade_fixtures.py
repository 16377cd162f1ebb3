"""Upgrades: a database left by a released schema migrates to the newest one
with every row intact, and the conversation in it resumes.

``tests/fixtures/upgrade-<revision>.sqlite3`` are such databases (units, an
admin, officers, a plan, a submitted round, a report in progress with edited
answers, reminders sent and planned, sessions, processed updates), built by
``tests/fixtures/build_upgrade_fixture.py`` at each schema revision. Every
migration ships with its fixture: the last test fails until it does.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import submissions as sub_store
from storage import units as unit_store
from storage.db import MIGRATIONS, current_revision
from tests.conftest import Chat
from tests.fixtures.build_upgrade_fixture import HCM, SNV_NEXT

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FILES = sorted(FIXTURES.glob("upgrade-*.sqlite3"))
ENDED = dt.datetime(2025, 5, 16, 7, 30, tzinfo=HCM)  # just after the fixture's last tick


def revisions() -> dict[str, str | None]:
    """Every migration's revision and the one before it."""
    out: dict[str, str | None] = {}
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev = re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", text, re.M)
        down = re.search(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", text, re.M)
        if rev:
            out[rev.group(1)] = down.group(1) if down else None
    return out


def head() -> str:
    revs = revisions()
    [last] = set(revs) - {d for d in revs.values() if d}
    return last


def dump(path: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table's columns and rows (in rowid order), the schema version aside."""
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version' ORDER BY name")]
        out = {}
        for name in names:
            cur = conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
            out[name] = ([d[0] for d in cur.description], cur.fetchall())
        return out


@pytest.mark.parametrize("fixture", FILES, ids=lambda p: p.stem)
async def test_a_released_database_migrates_with_every_row_and_resumes(fixture: Path, tmp_path: Path) -> None:
    db = tmp_path / fixture.name
    shutil.copy(fixture, db)
    with sqlite3.connect(db) as conn:  # made at the schema it is named after
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(fixture.stem[8:],)]
    before = dump(db)
    assert all(before[t][1] for t in ("units", "officers", "plans", "submissions", "answers", "answer_revisions",
                                      "reminders", "deliveries", "sessions", "admins", "audit_log"))
    settings = Settings(database_url=f"sqlite+aiosqlite:///{db}", _env_file=None)  # type: ignore[call-arg]
    rt = await Runtime.open(settings, FakeClock(ENDED))
    try:
        async with rt.begin() as conn:
            assert await current_revision(conn) == head()
        after = dump(db)
        for table, (columns, rows) in before.items():
            assert table in after, f"{table} is gone"
            new_columns, new_rows = after[table]
            keep = [new_columns.index(c) for c in columns]  # every column is still there
            assert [tuple(r[i] for i in keep) for r in new_rows] == rows, table

        # the officer halfway through the 6-month report goes on where they stopped
        text, question, value = SNV_NEXT
        reply = await Chat(Router(rt), "officer-snv").say(text)
        assert "⚠️" not in reply
        async with rt.begin() as conn:
            snv = await unit_store.find_unit(conn, "SNV")
            assert snv is not None
            sub = await sub_store.find_submission(conn, snv.id, "tay-ninh-2025", "6-thang")
            assert sub is not None and sub.status == "draft"
            answers = await sub_store.load_answers(conn, sub.id)
        assert answers[question] == value and answers["quan-triet.so-luot"] == 1300  # the edited answer
        status = await Chat(Router(rt), "officer-stc", Channel.TELEGRAM).say("/tiendo")
        assert "đã nộp" in status  # the round STC submitted
    finally:
        await rt.close()


def test_every_migration_ships_with_its_fixture() -> None:
    shipped = {p.stem.removeprefix("upgrade-") for p in FILES}
    assert sorted(set(revisions()) - shipped) == [], (
        "build the fixture of the new schema: PYTHONPATH=. python -m tests.fixtures.build_upgrade_fixture")
