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
