"""``dvbot backup`` / ``dvbot restore`` round-trip while the bot runs: a
console chat keeps its database open and goes on writing; the backup holds
what was stored before it, a restore into an empty database gives exactly
that, a restore over data is refused without --force, and a forced restore
under the running chat takes it back to the backed-up question."""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from bot.services.runtime import Runtime
from plans import bundled_path
from storage import backup as store
from storage import units as unit_store
from tests.conftest import fresh_postgres, postgres_reachable
from tests.support.cli import cli_env, dvbot  # noqa: F401  (cli_env: an autouse fixture)
from tests.support.process import TIMEOUT, running

DVBOT = Path(sys.executable).with_name("dvbot")


def answers(*db: str) -> dict[str, object]:
    code, out = dvbot(*db, "summary", "--round", "6-thang", "--json")
    assert code == 0, out
    [snv] = [u for u in json.loads(out)["units"] if u["unit"] == "SNV"]
    return dict(snv["answers"])


def test_backup_and_restore_while_the_bot_runs(tmp_path: Path) -> None:
    assert dvbot("plan", "load", str(bundled_path("tay-ninh-2025")))[0] == 0
    dvbot("units", "add", "TN", "UBND tỉnh Tây Ninh", "--level", "tinh")
    dvbot("units", "add", "SNV", "Sở Nội vụ", "--parent", "TN", "--level", "so")
    [code] = dvbot("invite", "--unit", "SNV")[1].split()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    with running([str(DVBOT), "chat", "--user", "officer-1"], cwd=tmp_path, env=env) as out:
        out.send(f"/start {code}", "1", "Nguyễn Văn An", "Chuyên viên", "0912 345 678", "/baocao 6-thang", "1", "4")
        out.until("Câu 3/")
        code_, said = dvbot("backup", "--out", "backup.sqlite3")
        assert code_ == 0 and "Đã sao lưu vào backup.sqlite3" in said, said
        mark = out.mark()
        out.send("1.250")
        out.until("Câu 4/", since=mark)
        stored = {"quan-triet.trien-khai": "da", "quan-triet.so-hoi-nghi": 4}
        assert answers() == {**stored, "quan-triet.so-luot": 1250}

        # into an empty database: exactly what was stored before the backup
        assert dvbot("--db", "fresh.sqlite3", "restore", "backup.sqlite3")[0] == 0
        assert answers("--db", "fresh.sqlite3") == stored
        assert store.row_counts(tmp_path / "fresh.sqlite3") == store.row_counts(tmp_path / "backup.sqlite3")

        # over the running bot's data: refused, then forced
        code_, said = dvbot("restore", "backup.sqlite3")
        assert code_ == 1 and "đã có dữ liệu" in said and "--force" in said
        assert answers() == {**stored, "quan-triet.so-luot": 1250}  # nothing changed
        code_, said = dvbot("restore", "backup.sqlite3", "--force")
        assert code_ == 0 and "Đã khôi phục" in said
        assert answers() == stored
        mark = out.mark()
        out.send("1.300")  # the running chat resumes at the backed-up question
        out.until("✅", "Câu 4/", since=mark)
        assert answers() == {**stored, "quan-triet.so-luot": 1300}
        assert out.quit() == 0


def test_restore_refuses_a_file_that_is_not_a_dvbot_database(tmp_path: Path) -> None:
    (tmp_path / "notes.sqlite3").write_text("not a database", encoding="utf-8")
    for args in (("restore", "notes.sqlite3"), ("restore", "missing.sqlite3"), ("--lang", "en", "restore", "notes.sqlite3")):
        code, said = dvbot(*args)
        assert code == 1
        assert "không phải là cơ sở dữ liệu dvbot" in said or "is not a dvbot database" in said


def test_postgres_commands_keep_the_password_off_the_command_line() -> None:
    dump, load, password = store.pg_commands("postgresql+asyncpg://dv:s3cret@db.example:5432/dvbot", Path("x.dump"))
    assert password and not any("s3cret" in a for a in dump + load)
    assert dump == ["pg_dump", "--format=custom", "--no-owner", "--file=x.dump",
                    "--dbname=postgresql://dv@db.example:5432/dvbot"]
    assert load[0] == "pg_restore" and load[-1] == "x.dump"


@pytest.mark.skipif(not postgres_reachable(), reason="PostgreSQL not reachable on 127.0.0.1:5432")
def test_the_printed_pg_dump_command_backs_up_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("no PostgreSQL client tools")

    async def seeded() -> str:
        async with fresh_postgres("dvbot_backup") as settings:
            rt = await Runtime.open(settings)
            try:
                async with rt.begin() as conn:
                    await unit_store.add_unit(conn, "SNV", "Sở Nội vụ", now=rt.clock.now(), level="so")
            finally:
                await rt.close()
            monkeypatch.setenv("DVBOT_DATABASE_URL", settings.database_url)
            code, said = dvbot("backup", "--out", str(tmp_path / "dvbot.dump"))
            assert code == 0 and "pg_dump" in said
            [command] = [line.strip() for line in said.splitlines() if line.strip().startswith("pg_dump ")]
            done = await asyncio.to_thread(subprocess.run, shlex.split(command), capture_output=True, text=True,
                                           timeout=TIMEOUT, check=False)
            return done.stderr if done.returncode else ""

    assert asyncio.run(seeded()) == ""
    listing = subprocess.run(["pg_restore", "--list", str(tmp_path / "dvbot.dump")], capture_output=True,
                             text=True, timeout=TIMEOUT, check=True).stdout
    assert "TABLE public units" in listing and "TABLE public alembic_version" in listing
