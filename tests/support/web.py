"""Helpers for the admin's web page tests: the app over a test runtime, a
client through httpx's ASGI transport, signing in with a one-time link."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from bot.core.messages import Outgoing
from bot.services import web_auth
from bot.services.runtime import Runtime
from bot.shell import web
from bot.shell.webhook import create_app
from handlers.router import Router
from tests.support.admin import RecordingSender

BASE = "http://testserver"


@asynccontextmanager
async def client(rt: Runtime, sender: RecordingSender | None = None,
                 base: str = BASE) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-less client of the webhook app with the pages mounted;
    notices go to ``sender`` (the console channel), as through the router."""
    router = Router(rt, {sender.channel: sender} if sender else None)

    async def deliver(message: Outgoing) -> bool:
        return await router.deliver(message)

    app = create_app([web.mount(rt, deliver)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base) as c:
        yield c


async def link(rt: Runtime, user: str, channel: str = "console") -> str:
    """A fresh one-time link's path for an admin identity."""
    async with rt.begin() as conn:
        token = await web_auth.issue_link(conn, channel, user, now=rt.clock.now())
    return web_auth.LINK_PATH + token


async def sign_in(c: httpx.AsyncClient, rt: Runtime, user: str) -> httpx.Response:
    """Redeem a fresh link for ``user``: the response that set the cookie."""
    response = await c.post(await link(rt, user))
    assert response.status_code == 303, response.text
    return response


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)
