"""The reminder plan page (issue #15): what the planner will queue in the
next days within the admin's scope, to whom, and who cannot be reached and
why — the planner's own rows (``bot.domain.reminders.planner.compute``),
nothing queued by looking."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.domain.reminders.calendar import WorkCalendar
from bot.domain.reminders.planner import compute
from bot.services.reminders.planner import load_world
from bot.services.runtime import Runtime
from bot.services.sessions import mark_unreachable
from storage import units as unit_store
from storage import zalo_oa as oa_store
from storage.schema import reminders
from tests.handlers.test_reminder_commands import world as remind_world
from tests.support.admin import make_admin
from tests.support.reminders import register_officer
from tests.support.web import client, sign_in

PAGE = "/admin/reminders"


async def _world(rt: Runtime) -> dict[str, int]:
    """TN → SNV (console), STC (Zalo, blocked the bot), X-TANAN (submitted),
    SYT (no officer), SCT (Zalo OA, last wrote 10 days ago); "admin" over TN,
    "stc-admin" over STC."""
    ids = await remind_world(rt)
    now = rt.clock.now()
    async with rt.begin() as conn:
        for code, name in (("SYT", "Sở Y tế"), ("SCT", "Sở Công Thương")):
            ids[code] = (await unit_store.add_unit(conn, code, name, now=now, parent_code="TN", level="so")).id
    await register_officer(rt, ids["SCT"], "oa-sct", "Phạm Thị Dung", Channel.ZALO_OA)
    async with rt.begin() as conn:
        await oa_store.inbound(conn, "oa-sct", now - dt.timedelta(days=10))
    await mark_unreachable(rt, Channel.ZALO, "stc", "blocked the bot")
    await make_admin(rt, "stc-admin", "STC")
    return ids


def _rows(html: str, table: str) -> list[str]:
    body = html.split(f'data-plan="{table}"', 1)[1].split("</table>", 1)[0]
    return [re.sub(r"<[^>]+>", " ", r) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)][1:]


async def test_the_plan_shows_the_planners_rows_and_who_is_unreached(rt: Runtime, clock: FakeClock) -> None:
    ids = await _world(rt)
    async with client(rt) as c:
        await sign_in(c, rt, "admin")
        page = await c.get(PAGE)
    assert page.status_code == 200
    planned, unreached = _rows(page.text, "planned"), _rows(page.text, "unreached")
    # the planner's own officer rows for the next 14 days, for the open units it can reach
    tz = rt.settings.tz
    today = clock.now().astimezone(tz).date()
    async with rt.begin() as conn:
        world = await load_world(conn)
    expected = [r for r in compute(world, WorkCalendar(), tz, today, today + dt.timedelta(days=13))
                if r["recipient_kind"] == "officer"]
    officer_rows = [r for r in planned if "Nguyễn Văn An" in r or "Phạm Thị Dung" in r]
    assert expected and len(officer_rows) == len(expected)
    assert not any("Lê Văn Cường" in r for r in planned)  # X-TANAN submitted 6-thang … no reminder of it
    notices = [r for r in planned if "không liên lạc được" in r]
    assert len(notices) == 1 and "Sở Tài chính" in notices[0]  # blocked: the admin is told, once a round
    oa_rows = [r for r in planned if "Phạm Thị Dung" in r]
    assert oa_rows and all("ngoài thời hạn 7 ngày" in r for r in oa_rows)
    text = " ".join(unreached)
    assert "Sở Y tế" in text and "Chưa có người phụ trách đăng ký" in text
    assert "Sở Tài chính" in text and "Trần Thị Bình" in text and "blocked the bot" in text
    assert "Sở Công Thương" in text and "Ngoài thời hạn 7 ngày của Zalo OA" in text
    assert "Sở Nội vụ" not in text
    async with rt.begin() as conn:  # looking queues nothing
        assert (await conn.execute(sa.select(sa.func.count()).select_from(reminders))).scalar_one() == 0
    assert ids


async def test_the_plan_keeps_to_the_scope(rt: Runtime) -> None:
    await _world(rt)
    async with client(rt) as c:
        await sign_in(c, rt, "stc-admin")
        page = await c.get(PAGE + "?days=7")
    planned, unreached = _rows(page.text, "planned"), " ".join(_rows(page.text, "unreached"))
    assert "7 ngày" in page.text
    assert not any("Nguyễn Văn An" in r or "Phạm Thị Dung" in r for r in planned)
    assert "Sở Tài chính" in unreached and "Sở Y tế" not in unreached and "Sở Công Thương" not in unreached
