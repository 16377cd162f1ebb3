"""The language switch of the admin's web page (issue #15): the choice is
the admin's chat session language (what /language sets), so it stays for
that admin — the next sign-in, the chat — and the page's ``lang`` follows;
the form needs the CSRF token and only returns to a page of /admin."""

from __future__ import annotations

import pytest

from bot.services import sessions
from bot.services.runtime import Runtime
from handlers.router import Router
from tests.conftest import Chat, register
from tests.handlers.test_summary_golden import seed_small
from tests.support.admin import make_admin
from tests.support.web import client, csrf_of, sign_in


@pytest.fixture
async def world(rt: Runtime, codes: dict[str, str]) -> Runtime:
    await register(Chat(Router(rt), "officer-snv"), codes["SNV"])
    await seed_small(rt)
    await make_admin(rt, "boss", "TN")
    await make_admin(rt, "other", "TN")
    return rt


async def test_the_switch_persists_for_the_admin(world: Runtime) -> None:
    async with client(world) as c:
        await sign_in(c, world, "boss")
        page = await c.get("/admin/units?state=draft")
        assert '<html lang="vi">' in page.text and "Bảng đơn vị" in page.text
        switched = await c.post("/admin/lang", data={"csrf": csrf_of(page.text), "lang": "en",
                                                     "next": "/admin/units?state=draft"})
        assert switched.status_code == 303 and switched.headers["location"] == "/admin/units?state=draft"
        page = await c.get("/admin/units?state=draft")
        assert '<html lang="en">' in page.text and "Unit table" in page.text
    async with world.begin() as conn:
        assert await sessions.language(conn, "console", "boss") == "en"
        assert await sessions.language(conn, "console", "other") is None
    async with client(world) as c:  # a new sign-in keeps it; another admin does not get it
        await sign_in(c, world, "boss")
        assert '<html lang="en">' in (await c.get("/admin/")).text
    async with client(world) as c:
        await sign_in(c, world, "other")
        assert '<html lang="vi">' in (await c.get("/admin/")).text


async def test_the_chat_speaks_the_language_chosen_on_the_page(world: Runtime) -> None:
    vi = await Chat(Router(world), "boss").say("/help")
    async with client(world) as c:
        await sign_in(c, world, "boss")
        csrf = csrf_of((await c.get("/admin/")).text)
        await c.post("/admin/lang", data={"csrf": csrf, "lang": "en"})
    en = await Chat(Router(world), "boss").say("/help")
    assert vi != en
    async with client(world) as c:  # and /language in chat moves the page
        await Chat(Router(world), "boss").say("/language vi")
        await sign_in(c, world, "boss")
        assert '<html lang="vi">' in (await c.get("/admin/")).text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/admin/", "/elsewhere", "", "/admin\\x"])
async def test_the_switch_returns_only_to_a_page_of_admin(world: Runtime, target: str) -> None:
    async with client(world) as c:
        await sign_in(c, world, "boss")
        csrf = csrf_of((await c.get("/admin/")).text)
        r = await c.post("/admin/lang", data={"csrf": csrf, "lang": "en", "next": target})
        assert r.status_code == 303 and r.headers["location"] == "/admin/"


async def test_the_switch_needs_the_token_and_a_known_language(world: Runtime) -> None:
    async with client(world) as c:
        await sign_in(c, world, "boss")
        csrf = csrf_of((await c.get("/admin/")).text)
        assert (await c.post("/admin/lang", data={"csrf": "forged", "lang": "en"})).status_code == 403
        assert (await c.post("/admin/lang", data={"csrf": csrf, "lang": "fr"})).status_code == 303
        assert '<html lang="vi">' in (await c.get("/admin/")).text
        c.cookies.clear()
        assert (await c.post("/admin/lang", data={"csrf": csrf, "lang": "en"})).status_code == 401
    async with world.begin() as conn:
        assert await sessions.language(conn, "console", "boss") is None
