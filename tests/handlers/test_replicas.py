"""Two replicas handling the same person's messages at the same moment: the
later one notices the session changed under it, rolls back and handles its
message again on the fresh state, so no answer goes to the wrong question."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.messages import Channel, Incoming
from bot.services import sessions as session_service
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import submissions as sub_store
from storage import units as unit_store
from tests.conftest import Chat, register, seed


async def _interleaved(first: Runtime, second: Runtime, codes: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = Router(first), Router(second)
    chat = Chat(a, "u1")
    await register(chat, codes["SNV"])
    await chat.say("/baocao")
    assert "Câu 1/" in await chat.say("2")  # question 1: a choice

    real_load = session_service.session_store.arrival
    calls = {"n": 0}

    async def load_then_race(conn: Any, channel: str, user_id: str) -> Any:
        session = await real_load(conn, channel, user_id)  # officer, identity, unit and session
        calls["n"] += 1
        if calls["n"] == 1:  # replica A has read the session; replica B now handles "1"
            replies = await b.handle(Incoming(Channel.CONSOLE, "u1", "u1", text="1"))
            assert "✅ Đã lưu: Đã thực hiện" in replies[0].text
        return session

    monkeypatch.setattr(session_service.session_store, "arrival", load_then_race)
    replies = await a.handle(Incoming(Channel.CONSOLE, "u1", "u1", text="2"))
    assert calls["n"] >= 2  # A went round again
    assert "✅ Đã lưu: 2" in replies[0].text and "Câu 3/" in replies[0].text

    async with first.begin() as conn:
        unit = await unit_store.find_unit(conn, "SNV")
        assert unit is not None
        sub = await sub_store.find_submission(conn, unit.id, "tay-ninh-2025", "6-thang")
        assert sub is not None
        answers = await sub_store.load_answers(conn, sub.id)
    # B's "1" answered question 1; A's "2" went to question 2, not over question 1.
    assert answers == {"quan-triet.trien-khai": "da", "quan-triet.so-hoi-nghi": 2}


async def test_two_replicas_on_sqlite(rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    codes = await seed(rt)
    other = await Runtime.open(rt.settings, rt.clock, migrate_db=False)
    try:
        await _interleaved(rt, other, codes, monkeypatch)
    finally:
        await other.close()


@pytest.mark.postgres
async def test_two_replicas_on_postgres(pg_rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    codes = await seed(pg_rt)
    other = await Runtime.open(pg_rt.settings, pg_rt.clock, migrate_db=False)
    try:
        await _interleaved(pg_rt, other, codes, monkeypatch)
    finally:
        await other.close()
