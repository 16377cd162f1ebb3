"""Who is asking: every page and action opens one transaction, finds the
live session of the cookie and asks :mod:`bot.services.scope` for the
admin's scope *now* (a revoked admin is refused at the next request).
Without a session: 401 and how to sign in; a unit outside the scope: 404,
as for a unit that does not exist (guessing a code tells nothing)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from starlette.requests import Request

from bot.core.errors import NotAdmin
from bot.core.messages import Outgoing
from bot.services import scope, sessions, web_auth
from bot.services.runtime import Connection, Runtime
from bot.services.web_auth import WebSession
from locales import LANGUAGES

COOKIE = "dvbot_web"
Deliver = Callable[[Outgoing], Awaitable[bool]]


@dataclass
class Web:
    """What the pages are served with: the runtime, and how a notice reaches
    an officer's chat (the router's ``deliver``, as after a chat command)."""

    rt: Runtime
    deliver: Deliver


class SignedOut(Exception):
    """No live session (or its admin holds no scope any more): 401."""


class Hidden(Exception):
    """Not there, or not within the scope: 404 either way."""


@dataclass
class Viewer:
    """The signed-in admin of one request, inside its transaction."""

    web: Web
    conn: Connection
    session: WebSession
    roots: list[int]
    allowed: set[int]
    locale: str | None = None  # the admin's chosen language (their chat session's), None: not chosen

    @property
    def rt(self) -> Runtime:
        return self.web.rt

    @property
    def lang(self) -> str:
        return self.locale if self.locale in LANGUAGES else self.rt.settings.locale

    @property
    def actor(self) -> str:  # the identity the audit log names, as in chat
        return f"{self.session.channel}:{self.session.user_id}"

    @property
    def csrf(self) -> str:
        return self.session.csrf

    def covers(self, unit_id: int) -> bool:
        return unit_id in self.allowed


def web_of(request: Request) -> Web:
    web = request.app.state.web
    assert isinstance(web, Web)
    return web


@asynccontextmanager
async def signed_in(request: Request) -> AsyncIterator[Viewer]:
    web = web_of(request)
    async with web.rt.begin() as conn:
        now = web.rt.clock.now()
        session = await web_auth.session_of(conn, request.cookies.get(COOKIE), now=now)
        if session is None:
            raise SignedOut()
        try:
            roots = await scope.admin_roots(conn, session.channel, session.user_id)
            allowed = await scope.scope_ids(conn, session.channel, session.user_id)
        except NotAdmin as exc:
            raise SignedOut() from exc
        locale = await sessions.language(conn, session.channel, session.user_id)
        yield Viewer(web, conn, session, roots, allowed, locale)
