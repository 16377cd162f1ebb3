"""The same journey on PostgreSQL (asyncpg): migrations and every query are
dialect-neutral. Skipped when 127.0.0.1:5432 is not reachable."""

from __future__ import annotations

import pytest

from bot.services.runtime import Runtime
from handlers.router import Router
from storage import submissions as sub_store
from storage import units as unit_store
from tests.conftest import Chat, postgres_reachable, register, seed

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not postgres_reachable(), reason="PostgreSQL not reachable on 127.0.0.1:5432"),
]



async def test_register_fill_and_submit_on_postgres(pg_rt: Runtime) -> None:
    codes = await seed(pg_rt)
    chat = Chat(Router(pg_rt), "pg-user")
    assert "Đăng ký thành công" in await register(chat, codes["SNV"])
    assert "Kế hoạch" in await chat.say("/baocao")
    first = await chat.say("1")  # the unit's own plan round
    assert "Câu 1/" in first
    replies = []
    for _ in range(40):
        text = chat.last[-1].text
        if "/nop" in text and "Đã đủ" in text:
            break
        if "Trả lời 1" in text:
            replies.append(await chat.say("1"))
        elif "ngày/tháng/năm" in text:
            replies.append(await chat.say("20/03/2025"))
        elif "Gửi ảnh hoặc tệp" in text:
            replies.append(await chat.attach("ke-hoach.pdf"))
        else:
            replies.append(await chat.say("Văn bản số 12/KH-SNV"))
    assert "1. Nộp" in await chat.say("/nop")
    assert "Đã nộp" in await chat.say("1")
    async with pg_rt.begin() as conn:
        unit = await unit_store.find_unit(conn, "SNV")
        assert unit is not None
        sub = await sub_store.find_submission(conn, unit.id, "tay-ninh-2025", "ke-hoach")
        assert sub is not None and sub.status == "submitted"
        answers = await sub_store.load_answers(conn, sub.id)
    assert answers  # every answer given is stored
    assert await chat.say("/start " + codes["SNV"], key="pg-1") != ""
    assert await chat.say("/start " + codes["SNV"], key="pg-1") == ""  # a replayed update is dropped


async def test_replicas_starting_together_migrate_one_at_a_time() -> None:
    """Three processes' start-up migrations on one empty database at once:
    each takes the advisory lock in turn, all end at head, none fails."""
    import asyncio

    from storage.db import create_engine, current_revision, migrate
    from tests.conftest import fresh_postgres

    async with fresh_postgres("dvbot_migrate") as settings:
        engines = [create_engine(settings.database_url) for _ in range(3)]
        try:
            await asyncio.wait_for(asyncio.gather(*(migrate(e) for e in engines)), 60)  # without the lock: a failure or a hang
            async with engines[0].connect() as conn:
                assert await current_revision(conn) == _head()
        finally:
            for e in engines:
                await e.dispose()


def _head() -> str:
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def test_a_dropped_connection_costs_no_answer(pg_rt: Runtime) -> None:
    """The engine does not ping before each checkout (three round trips per
    transaction): when the server drops the pooled connection (a restart, an
    administrator terminating backends), the next update fails its first
    statement, SQLAlchemy invalidates the pool, and the router handles the
    update again on a fresh connection — the officer sees the answer stored
    and the next question, not an error."""
    import asyncpg

    codes = await seed(pg_rt)
    chat = Chat(Router(pg_rt), "pg-drop")
    await register(chat, codes["SNV"])
    await chat.say("/baocao")
    assert "Câu 1/" in await chat.say("1")
    name = pg_rt.engine.url.database
    admin = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        killed = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            name)
    finally:
        await admin.close()
    assert killed >= 1  # the pooled connection was there, and is gone
    reply = await chat.say("1")
    assert "Câu 2/" in reply
    assert "lỗi" not in reply.lower()
    async with pg_rt.begin() as conn:
        unit = await unit_store.find_unit(conn, "SNV")
        assert unit is not None
        sub = await sub_store.find_submission(conn, unit.id, "tay-ninh-2025", "ke-hoach")
        assert sub is not None
        assert len(await sub_store.load_answers(conn, sub.id)) == 1
