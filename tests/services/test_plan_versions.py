"""Loading a new plan version never moves answers: a submission stays on the
version it was started against; units that start later get the new one."""

from __future__ import annotations

import sqlalchemy as sa

from bot.domain.plan.loader import load_plan, load_plan_data
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import plans as plan_store
from storage import submissions as sub_store
from storage import units as unit_store
from storage.schema import answer_revisions, answers
from tests.conftest import PLANS, Chat, register


def _version_two() -> dict:  # type: ignore[type-arg]
    data = load_plan(PLANS / "tay-ninh-2025.yaml").to_data()
    rnd = next(r for r in data["rounds"] if r["id"] == "6-thang")
    rnd["sections"][0]["questions"].insert(0, {
        "id": "moi.cau-hoi-them", "type": "integer", "text": "Câu hỏi mới thêm ở phiên bản 2",
        "text_en": "A question added in version 2",
    })
    return data


async def test_answers_stay_on_their_version(rt: Runtime, router: Router, chat: Chat, codes: dict[str, str]) -> None:
    await register(chat, codes["SNV"])
    await chat.say("/baocao")
    await chat.say("2")  # 6-thang on version 1
    await chat.say("1")
    await chat.say("4")

    async with rt.begin() as conn:
        v2, created = await plan_store.store_plan(conn, load_plan_data(_version_two()), now=rt.clock.now())
    assert created and v2.version == 2

    # The officer who started on version 1 continues on version 1 …
    reply = await chat.say("/tieptuc")
    assert "Câu hỏi mới thêm" not in reply
    await chat.say("120")
    # … while an officer of another unit starts on version 2.
    other = Chat(router, "u2")
    await register(other, codes["STC"], "Lê Thị Hoa")
    await other.say("/baocao")
    assert "Câu hỏi mới thêm ở phiên bản 2" in await other.say("2")
    await other.say("3")

    async with rt.begin() as conn:
        snv = await unit_store.find_unit(conn, "SNV")
        stc = await unit_store.find_unit(conn, "STC")
        assert snv is not None and stc is not None
        sub1 = await sub_store.find_submission(conn, snv.id, "tay-ninh-2025", "6-thang")
        sub2 = await sub_store.find_submission(conn, stc.id, "tay-ninh-2025", "6-thang")
        v1 = await plan_store.get_plan(conn, sub1.plan_id) if sub1 else None
        assert sub1 is not None and sub2 is not None and v1 is not None
        assert v1.version == 1 and sub2.plan_id == v2.id
        pinned = {r.plan_id for r in await conn.execute(sa.select(answers.c.plan_id).where(answers.c.submission_id == sub1.id))}
        history = {r.plan_id for r in await conn.execute(
            sa.select(answer_revisions.c.plan_id).where(answer_revisions.c.submission_id == sub1.id))}
        assert pinned == history == {v1.id}
        assert len(await sub_store.load_answers(conn, sub1.id)) == 3
