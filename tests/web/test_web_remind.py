""""Send reminders now" on the web page (issue #15): the confirmation shows
what /nhac's shows for the admin's scope, the POST queues the manual
reminders exactly as /nhac does (same cool-down, the admin named as
sender), and refuses a forged token, a revoked admin, a sibling's units."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.core.clock import FakeClock
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import admins as admin_store
from storage import audit
from storage import units as unit_store
from storage.schema import reminders
from tests.conftest import Chat
from tests.handlers.test_reminder_commands import world as remind_world
from tests.support.admin import make_admin
from tests.support.web import client, csrf_of, sign_in

REMIND = "/admin/remind/nam-2025/6-thang"


@pytest.fixture
async def world(rt: Runtime) -> dict[str, int]:
    """TN → SNV (officer "snv", console), STC (officer "stc", Zalo),
    X-TANAN (submitted 6-thang); "admin" administers TN, "stc-admin" STC,
    "snv-admin" SNV; a Sở Y tế with no officer registered."""
    ids = await remind_world(rt)
    async with rt.begin() as conn:
        ids["SYT"] = (await unit_store.add_unit(conn, "SYT", "Sở Y tế", now=rt.clock.now(), parent_code="TN",
                                                level="so")).id
    await make_admin(rt, "stc-admin", "STC")
    await make_admin(rt, "snv-admin", "SNV")
    return ids


async def _queued(rt: Runtime) -> list[tuple[int, str, str, str]]:
    async with rt.begin() as conn:
        rows = await conn.execute(sa.select(reminders.c.unit_id, reminders.c.kind, reminders.c.chat_id,
                                            reminders.c.payload).where(reminders.c.kind == "manual"))
        return sorted((r.unit_id, r.kind, r.chat_id, r.payload["by"]) for r in rows)


async def test_the_overview_links_to_the_confirmation_and_it_counts(rt: Runtime, world: dict[str, int]) -> None:
    async with client(rt) as c:
        await sign_in(c, rt, "admin")
        assert f'href="{REMIND}"' in (await c.get("/admin/")).text
        assert f'href="{REMIND}"' in (await c.get("/admin/units?round=nam-2025/6-thang")).text
        assert f'href="{REMIND}"' not in (await c.get("/admin/units")).text  # the table names a round first
        page = await c.get(REMIND)
    assert page.status_code == 200
    text = page.text
    assert ("Sẽ gửi nhắc &#34;Báo cáo 6 tháng đầu năm 2025&#34; (hạn 05/05/2025) tới 2 người phụ trách của 2 đơn vị"
            in text)
    assert "Không nhắc được 1 đơn vị chưa nộp" in text and "Sở Y tế — chưa có người phụ trách đăng ký" in text
    assert f'action="{REMIND}"' in text and "vừa được nhắc" not in text
    assert await _queued(rt) == []  # a GET queues nothing


async def test_the_post_queues_as_remind_does_once_within_the_cooldown(
    rt: Runtime, world: dict[str, int], clock: FakeClock
) -> None:
    async with client(rt) as c:
        await sign_in(c, rt, "admin")
        csrf = csrf_of((await c.get(REMIND)).text)
        done = await c.post(REMIND, data={"csrf": csrf})
        assert done.status_code == 200 and "Đã xếp 2 tin nhắc để gửi ngay." in done.text
        assert await _queued(rt) == [(world["SNV"], "manual", "snv", "console:admin"),
                                     (world["STC"], "manual", "stc", "console:admin")]
        again = await c.post(REMIND, data={"csrf": csrf})  # a second press: nothing, and it says so
        assert again.status_code == 200 and "Không xếp tin nhắc nào" in again.text and "12 giờ" in again.text
        clock.advance(hours=2)
        page = (await c.get(REMIND)).text
        assert "không có đơn vị nào cần nhắc" in page and f'action="{REMIND}"' not in page
        # the chat's /nhac shares the cool-down: one home for the rule
        assert "không có đơn vị nào cần nhắc" in await Chat(Router(rt), "admin").say("/nhac 6-thang")
        assert len(await _queued(rt)) == 2
        async with rt.begin() as conn:
            [(_, actor, after)] = await audit.latest(conn, "remind")  # the second press recorded nothing
        assert actor == "console:admin" and after["queued"] == 2
        clock.advance(hours=11)  # past the cool-down (and the 9-hour session: sign in again)
        await sign_in(c, rt, "admin")
        fresh = csrf_of((await c.get(REMIND)).text)
        assert "Đã xếp 2 tin nhắc" in (await c.post(REMIND, data={"csrf": fresh})).text
    assert len(await _queued(rt)) == 4


async def test_a_sibling_admin_reminds_only_its_own_units(rt: Runtime, world: dict[str, int]) -> None:
    async with client(rt) as c:
        await sign_in(c, rt, "stc-admin")
        page = (await c.get(REMIND)).text
        assert "tới 1 người phụ trách của 1 đơn vị" in page and "Sở Y tế" not in page
        done = await c.post(REMIND, data={"csrf": csrf_of(page)})
        assert "Đã xếp 1 tin nhắc" in done.text
    assert await _queued(rt) == [(world["STC"], "manual", "stc", "console:stc-admin")]
    async with client(rt) as c:  # the province admin then sees STC in cool-down
        await sign_in(c, rt, "admin")
        page = (await c.get(REMIND)).text
        assert "tới 1 người phụ trách của 1 đơn vị" in page
        assert "1 đơn vị vừa được nhắc trong 12 giờ qua nên lần này bỏ qua." in page


async def test_an_unknown_round_is_not_found(rt: Runtime, world: dict[str, int]) -> None:
    async with client(rt) as c:
        await sign_in(c, rt, "snv-admin")
        csrf = csrf_of((await c.get(REMIND)).text)
        for path in ("/admin/remind/nam-2025/no-such-round", "/admin/remind/other-plan/6-thang"):
            assert (await c.get(path)).status_code == 404
            assert (await c.post(path, data={"csrf": csrf})).status_code == 404
    assert await _queued(rt) == []


@pytest.mark.parametrize("token", [None, "", "forged", "x" * 43])
async def test_a_missing_or_forged_csrf_token_queues_nothing(
    rt: Runtime, world: dict[str, int], token: str | None
) -> None:
    async with client(rt) as c:
        await sign_in(c, rt, "admin")
        response = await c.post(REMIND, data={} if token is None else {"csrf": token})
        assert response.status_code == 403
    assert await _queued(rt) == []


async def test_another_sessions_token_queues_nothing(rt: Runtime, world: dict[str, int]) -> None:
    async with client(rt) as other:
        await sign_in(other, rt, "admin")
        foreign = csrf_of((await other.get(REMIND)).text)
    async with client(rt) as c:
        await sign_in(c, rt, "admin")
        assert (await c.post(REMIND, data={"csrf": foreign})).status_code == 403
    assert await _queued(rt) == []


async def test_a_revoked_admin_is_refused_and_queues_nothing(rt: Runtime, world: dict[str, int]) -> None:
    async with client(rt) as c:
        await sign_in(c, rt, "admin")
        csrf = csrf_of((await c.get(REMIND)).text)
        async with rt.begin() as conn:
            await admin_store.remove_admin(conn, "console", "admin")
        assert (await c.get(REMIND)).status_code == 401
        assert (await c.post(REMIND, data={"csrf": csrf})).status_code == 401
    assert await _queued(rt) == []


async def test_a_narrowed_scope_applies_at_the_post(rt: Runtime, world: dict[str, int]) -> None:
    async with client(rt) as c:
        await sign_in(c, rt, "admin")
        csrf = csrf_of((await c.get(REMIND)).text)  # planned over TN: SNV and STC
        await make_admin(rt, "admin", "SNV")
        async with rt.begin() as conn:
            await admin_store.remove_admin(conn, "console", "admin", world["TN"])
        assert "Đã xếp 1 tin nhắc" in (await c.post(REMIND, data={"csrf": csrf})).text
    assert await _queued(rt) == [(world["SNV"], "manual", "snv", "console:admin")]


async def test_the_pages_speak_english(rt: Runtime, world: dict[str, int]) -> None:
    rt.settings.locale = "en"
    async with client(rt) as c:
        await sign_in(c, rt, "admin")
        page = (await c.get(REMIND)).text
        assert "will go to 2 officers of 2 units in your scope" in page and "Sở Y tế — no officer registered" in page
        assert "Queued 2 reminders" in (await c.post(REMIND, data={"csrf": csrf_of(page)})).text
