"""The admin's web page refuses what it must (issue #15, security): a link
used twice or too late, a page without a session, a unit outside the
admin's subtree (404, guessed codes too), a missing or forged CSRF token,
an officer who is no admin, an admin revoked since signing in."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.core.clock import FakeClock
from bot.core.errors import NotAdmin
from bot.core.settings import Settings
from bot.services import web_auth
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import admins as admin_store
from storage.schema import audit_log, submissions, web_links, web_sessions
from tests.conftest import Chat, register
from tests.handlers.test_summary_golden import seed_small
from tests.support.admin import make_admin
from tests.support.web import client, csrf_of, link, sign_in

ROUND = "tay-ninh-2025/6-thang"
PAGES = ["/admin/", "/admin/units", "/admin/units?format=csv", "/admin/unit/SNV", f"/admin/chart/{ROUND}.png",
         f"/admin/download/excel?round={ROUND}", f"/admin/download/word?round={ROUND}",
         f"/admin/act/return/SNV/{ROUND}", "/admin/evidence/MC-000000000000", "/admin/reminders",
         f"/admin/remind/{ROUND}", f"/admin/figures/{ROUND}", f"/admin/figures-chart/{ROUND}.svg"]


@pytest.fixture
async def world(rt: Runtime, codes: dict[str, str]) -> Runtime:
    """TN → SNV, STC, X-TANAN; an officer of SNV; reports (seed_small);
    "boss" administers TN, "stc-admin" only STC."""
    await register(Chat(Router(rt), "officer-snv"), codes["SNV"])
    await seed_small(rt)
    await make_admin(rt, "boss", "TN")
    await make_admin(rt, "stc-admin", "STC")
    return rt


async def test_a_link_signs_in_once(world: Runtime) -> None:
    async with client(world) as c:
        path = await link(world, "boss")
        form = await c.get(path)  # a link preview's visit spends nothing
        assert form.status_code == 200 and 'method="post"' in form.text
        first = await c.post(path)
        assert first.status_code == 303 and first.headers["location"] == "/admin/"
        assert (await c.get("/admin/")).status_code == 200
        c.cookies.clear()
        again = await c.post(path)
        assert again.status_code == 403 and "dvbot_web" not in again.headers.get("set-cookie", "")
        assert (await c.get("/admin/")).status_code == 401


async def test_an_expired_link_is_refused(world: Runtime, clock: FakeClock) -> None:
    async with client(world) as c:
        path = await link(world, "boss")
        clock.advance(minutes=10, seconds=1)
        assert (await c.post(path)).status_code == 403
        assert (await c.post("/admin/login/not-a-token")).status_code == 403
        assert (await c.get("/admin/")).status_code == 401


async def test_links_and_sessions_are_stored_hashed(world: Runtime) -> None:
    async with client(world) as c:
        path = await link(world, "boss")
        response = await sign_in(c, world, "boss")
        cookie = response.cookies["dvbot_web"]
    token = path.rsplit("/", 1)[1]
    async with world.begin() as conn:
        stored = [r.token_hash for r in await conn.execute(sa.select(web_links.c.token_hash))]
        stored += [r.token_hash for r in await conn.execute(sa.select(web_sessions.c.token_hash))]
    assert token not in stored and cookie not in stored and all(len(h) == 64 for h in stored)


async def test_cookie_flags(world: Runtime) -> None:
    async with client(world) as c:
        header = (await sign_in(c, world, "boss")).headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=lax" in header and "path=/admin" in header
    assert "max-age=32400" in header  # DVBOT_WEB_SESSION_HOURS, 9 by default
    assert "secure" not in header  # plain http: 127.0.0.1 without DVBOT_WEBHOOK_URL


async def test_cookie_is_secure_over_https(tmp_path: object, clock: FakeClock) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/s.sqlite3",  # type: ignore[call-arg]
                        webhook_url="https://dvbot.example.gov.vn", _env_file=None)
    rt = await Runtime.open(settings, clock)
    try:
        from tests.conftest import seed

        await seed(rt)
        await make_admin(rt, "boss", "TN")
        async with client(rt) as c:
            header = (await sign_in(c, rt, "boss")).headers["set-cookie"].lower()
        assert "secure" in header and "httponly" in header
        async with rt.begin() as conn:
            token = await web_auth.issue_link(conn, "console", "boss", now=clock.now())
        assert web_auth.link_url(web_auth.base_url(settings), token).startswith("https://dvbot.example.gov.vn/admin/login/")
    finally:
        await rt.close()


@pytest.mark.parametrize("path", PAGES)
async def test_no_page_without_a_session(world: Runtime, path: str) -> None:
    async with client(world) as c:
        response = await c.get(path)
        assert response.status_code == 401 and "Sở Nội vụ" not in response.text
        c.cookies.set("dvbot_web", "forged-cookie-value", domain="testserver", path="/admin")
        assert (await c.get(path)).status_code == 401


@pytest.mark.parametrize("path", [p for p in PAGES if "SNV" in p] + [
    "/admin/unit/X-TANAN", f"/admin/download/word?round={ROUND}&unit=SNV", f"/admin/act/accept/SNV/{ROUND}"])
async def test_a_unit_outside_the_subtree_is_not_found(world: Runtime, path: str) -> None:
    async with client(world) as c:
        await sign_in(c, world, "stc-admin")
        outside = await c.get(path)
        unknown = await c.get(path.replace("SNV", "NO-SUCH").replace("X-TANAN", "NO-SUCH"))
        assert outside.status_code == unknown.status_code == 404
        assert outside.text == unknown.text  # a guessed code tells nothing
        assert (await c.get("/admin/unit/STC")).status_code == 200


async def test_an_action_outside_the_subtree_does_nothing(world: Runtime) -> None:
    async with client(world) as c:
        await sign_in(c, world, "stc-admin")
        csrf = csrf_of((await c.get("/admin/unit/STC")).text)
        response = await c.post(f"/admin/act/accept/SNV/{ROUND}", data={"csrf": csrf})
        assert response.status_code == 404
    assert await _status(world, "SNV") == "submitted"


async def _status(rt: Runtime, code: str, round_id: str = "6-thang") -> str:
    from storage.schema import units

    async with rt.begin() as conn:
        return str((await conn.execute(
            sa.select(submissions.c.status).join(units, units.c.id == submissions.c.unit_id)
            .where(units.c.code == code, submissions.c.round_id == round_id))).scalar_one())


@pytest.mark.parametrize("token", [None, "", "forged", "x" * 43])
async def test_a_missing_or_forged_csrf_token_is_refused(world: Runtime, token: str | None) -> None:
    async with client(world) as c:
        await sign_in(c, world, "boss")
        data = {} if token is None else {"csrf": token}
        accept = await c.post(f"/admin/act/accept/SNV/{ROUND}", data=data)
        back = await c.post(f"/admin/act/return/SNV/{ROUND}", data={**data, "comment": "Bổ sung"})
        out = await c.post("/admin/logout", data=data)
        assert accept.status_code == back.status_code == out.status_code == 403
        assert (await c.get("/admin/")).status_code == 200  # still signed in
    assert await _status(world, "SNV") == "submitted"


async def test_another_sessions_token_is_refused(world: Runtime) -> None:
    async with client(world) as other:
        await sign_in(other, world, "boss")
        foreign = csrf_of((await other.get("/admin/")).text)
    async with client(world) as c:
        await sign_in(c, world, "boss")
        assert (await c.post(f"/admin/act/accept/SNV/{ROUND}", data={"csrf": foreign})).status_code == 403


async def test_an_officer_gets_no_link(world: Runtime) -> None:
    async with world.begin() as conn:
        with pytest.raises(NotAdmin):
            await web_auth.issue_link(conn, "console", "officer-snv", now=world.clock.now())
        with pytest.raises(NotAdmin):
            await web_auth.issue_link(conn, "console", "stranger", now=world.clock.now())
    reply = await Chat(Router(world), "officer-snv").say("/web")
    assert "/admin/login/" not in reply
    async with world.begin() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(web_links))).scalar_one() == 0


async def test_a_revoked_admin_is_refused_at_the_next_request(world: Runtime) -> None:
    async with client(world) as c:
        await sign_in(c, world, "boss")
        csrf = csrf_of((await c.get("/admin/unit/SNV")).text)
        async with world.begin() as conn:
            await admin_store.remove_admin(conn, "console", "boss")
        assert (await c.get("/admin/")).status_code == 401
        assert (await c.post(f"/admin/act/accept/SNV/{ROUND}", data={"csrf": csrf})).status_code == 401
    assert await _status(world, "SNV") == "submitted"


async def test_a_narrowed_scope_applies_at_the_next_request(world: Runtime) -> None:
    async with client(world) as c:
        await sign_in(c, world, "boss")
        assert (await c.get("/admin/unit/SNV")).status_code == 200
        await make_admin(world, "boss", "STC")
        async with world.begin() as conn:
            tn = (await conn.execute(sa.text("SELECT id FROM units WHERE code='TN'"))).scalar_one()
            await admin_store.remove_admin(conn, "console", "boss", tn)
        assert (await c.get("/admin/unit/SNV")).status_code == 404
        assert (await c.get("/admin/unit/STC")).status_code == 200


async def test_sign_out_ends_the_session(world: Runtime) -> None:
    async with client(world) as c:
        cookie = (await sign_in(c, world, "boss")).cookies["dvbot_web"]
        csrf = csrf_of((await c.get("/admin/")).text)
        out = await c.post("/admin/logout", data={"csrf": csrf})
        assert out.status_code == 200 and "max-age=0" in out.headers["set-cookie"].lower()
        c.cookies.set("dvbot_web", cookie, domain="testserver", path="/admin")  # the old cookie, kept
        assert (await c.get("/admin/")).status_code == 401
    async with world.begin() as conn:
        actions = [r.action for r in await conn.execute(
            sa.select(audit_log.c.action).where(audit_log.c.actor == "console:boss"))]
    assert actions[-2:] == ["web_sign_in", "web_sign_out"]


async def test_a_session_lasts_a_working_day(world: Runtime, clock: FakeClock) -> None:
    async with client(world) as c:
        await sign_in(c, world, "boss")
        clock.advance(hours=8, minutes=59)
        assert (await c.get("/admin/")).status_code == 200
        clock.advance(minutes=2)
        assert (await c.get("/admin/")).status_code == 401


async def test_lapsed_links_and_sessions_are_pruned_after_a_week(world: Runtime, clock: FakeClock) -> None:
    async with client(world) as c:
        await sign_in(c, world, "boss")  # a spent link and a live session
        await link(world, "boss")  # an unused link
        async with world.begin() as conn:
            assert await web_auth.prune(conn, now=clock.now()) == 0
        clock.advance(days=7, hours=9, minutes=1)  # the session lapsed a week ago, the links a little longer
        async with world.begin() as conn:
            assert await web_auth.prune(conn, now=clock.now()) == 3
            left = (await conn.execute(sa.select(sa.func.count()).select_from(web_links))).scalar_one()
        assert left == 0 and (await c.get("/admin/")).status_code == 401
