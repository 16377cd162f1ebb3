"""Which chats of a dispatcher's batch are unreachable, in one query (#16).

A chat is unreachable when every identity behind it is marked so (one
reachable identity keeps it reachable; a chat no identity stands behind is
not unreachable); the same chat id on another channel is another chat. The
look-up uses the index over identities (channel, chat_id). SQLite and
PostgreSQL (skipped when unreachable)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from bot.services.runtime import Runtime
from storage import reminders as store
from storage.schema import identities, officers, units

NOW = dt.datetime(2025, 5, 25, 3, tzinfo=dt.UTC)


async def _world(rt: Runtime) -> None:
    async with rt.begin() as conn:
        await conn.execute(units.insert().values(id=1, code="TN", name="UBND tỉnh", level="tinh", created_at=NOW))
        await conn.execute(officers.insert(), [
            {"id": i, "unit_id": 1, "full_name": f"Cán bộ {i}", "position": "Chuyên viên", "phone": "0912345678",
             "locale": "vi", "created_at": NOW} for i in (1, 2, 3, 4)])
        gone = {"unreachable_at": NOW, "unreachable_reason": "blocked"}
        await conn.execute(identities.insert(), [
            {"officer_id": 1, "channel": "telegram", "user_id": "u1", "chat_id": "100", "created_at": NOW, **gone},
            # chat 200: two identities, one still reachable
            {"officer_id": 2, "channel": "telegram", "user_id": "u2", "chat_id": "200", "created_at": NOW, **gone},
            {"officer_id": 3, "channel": "telegram", "user_id": "u3", "chat_id": "200", "created_at": NOW,
             "unreachable_at": None, "unreachable_reason": None},
            # the same chat id on Zalo: reachable there
            {"officer_id": 4, "channel": "zalo", "user_id": "z4", "chat_id": "100", "created_at": NOW,
             "unreachable_at": None, "unreachable_reason": None},
            {"officer_id": 4, "channel": "zalo", "user_id": "z5", "chat_id": "500", "created_at": NOW, **gone},
        ])


async def _check(rt: Runtime) -> None:
    await _world(rt)
    asked = [("telegram", "100"), ("telegram", "200"), ("zalo", "100"), ("zalo", "500"), ("telegram", "999")]
    async with rt.begin() as conn:
        assert await store.unreachable_chats(conn, asked) == {("telegram", "100"), ("zalo", "500")}
        assert await store.unreachable_chats(conn, []) == set()
        for chat in asked:
            assert await store.chat_unreachable(conn, *chat) == (chat in {("telegram", "100"), ("zalo", "500")})


async def test_unreachable_chats_sqlite(rt: Runtime) -> None:
    await _check(rt)
    async with rt.begin() as conn:
        plan = (await conn.execute(sa.text(
            "EXPLAIN QUERY PLAN SELECT chat_id FROM identities WHERE channel = 'telegram' AND chat_id IN ('1', '2')"
        ))).all()
    assert any("ix_identities_channel_chat" in str(r) for r in plan), plan


@pytest.mark.postgres
async def test_unreachable_chats_postgres(pg_rt: Runtime) -> None:
    await _check(pg_rt)
