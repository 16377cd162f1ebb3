"""What one answered question costs the database: at most seven SQL
statements on SQLite and four on PostgreSQL, and one commit (the replay
guard's insert; who wrote with their unit and session in one read — the
two one statement on PostgreSQL; the unit's
submissions on the plan with their answers in one read; the answer, its
revision, the submission's time — three statements on SQLite, one on
PostgreSQL; the session). A regression (a statement per answer
more) fails here; the time it takes is measured in benchmarks/bench_router.py."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from bot.core.messages import Channel, Incoming
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import submissions as sub_store
from storage import units as unit_store
from tests.conftest import Chat, register, seed

STATEMENTS = {"sqlite": 7, "postgresql": 4}


class _Counted:
    def __init__(self, rt: Runtime) -> None:
        self.statements: list[str] = []
        self.commits = 0
        sa.event.listen(rt.engine.sync_engine, "before_cursor_execute", self._statement)
        sa.event.listen(rt.engine.sync_engine, "commit", self._commit)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        self.statements.append(" ".join(statement.split())[:80])

    def _commit(self, *_args: Any) -> None:
        self.commits += 1


async def _answered(rt: Runtime) -> None:
    codes = await seed(rt)
    router = Router(rt)
    chat = Chat(router, "u1")
    await register(chat, codes["SNV"])
    await chat.say("/baocao")
    assert "Câu 1/" in await chat.say("2")
    assert "Câu 2/" in await chat.say("1", key="k-1")  # the first answer opens the submission
    counted = _Counted(rt)
    replies = await router.handle(Incoming(Channel.CONSOLE, "u1", "u1", text="2", update_key="k-2"))
    assert "✅ Đã lưu: 2" in replies[0].text and "Câu 3/" in replies[0].text
    assert len(counted.statements) <= STATEMENTS[rt.engine.dialect.name], "\n".join(counted.statements)
    assert counted.commits == 1

    replayed = await router.handle(Incoming(Channel.CONSOLE, "u1", "u1", text="2", update_key="k-2"))
    assert replayed == []  # the same update again: dropped by the one-statement guard
    async with rt.begin() as conn:
        unit = await unit_store.find_unit(conn, "SNV")
        assert unit is not None
        sub = await sub_store.find_submission(conn, unit.id, "tay-ninh-2025", "6-thang")
        assert sub is not None
        assert await sub_store.load_answers(conn, sub.id) == {"quan-triet.trien-khai": "da",
                                                              "quan-triet.so-hoi-nghi": 2}
        assert [r["new_value"] for r in await sub_store.revisions(conn, sub.id)] == ["da", 2]


async def test_one_answer_is_seven_statements_on_sqlite(rt: Runtime) -> None:
    await _answered(rt)


async def test_one_answer_is_four_statements_on_postgres(pg_rt: Runtime) -> None:
    await _answered(pg_rt)
