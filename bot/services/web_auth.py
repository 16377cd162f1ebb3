"""Signing in to the admin's web page without a password.

An admin asks for a link (``/web`` in chat, ``dvbot admin web-link``): a
random token, valid :data:`LINK_TTL`, usable once, of which only the SHA-256
is stored. Redeeming it opens a session (a second random token in an
HttpOnly cookie, stored hashed too, with its own CSRF token) that lasts
``DVBOT_WEB_SESSION_HOURS`` (9 by default, a working day) or until sign-out.

A session carries the identity, never a scope: every page and action asks
:mod:`bot.services.scope` (the one home of admin scope) again, in its own
transaction, so a revoked admin is refused at the next request."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from bot.core.errors import NotAdmin
from bot.core.settings import Settings
from bot.core.text import secret_matches
from bot.services import scope
from bot.services.runtime import Connection
from storage import audit
from storage import web as store
from storage.web import WebSession

__all__ = ["LINK_TTL", "Opened", "WebSession", "csrf_ok", "end", "issue_link", "prune", "redeem", "session_of"]

LINK_TTL = dt.timedelta(minutes=10)
LINK_PATH = "/admin/login/"
EVIDENCE_PATH = "/admin/evidence/"  # + MC-…: the file's download (bot/shell/web/unit.py), behind the sign-in


@dataclass(frozen=True, slots=True)
class Opened:
    """A session just opened: the cookie's token (given to the browser only)."""

    token: str
    expires_at: dt.datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


async def issue_link(conn: Connection, channel: str, user_id: str, *, now: dt.datetime) -> str:
    """A one-time token for an admin identity (its path: ``LINK_PATH`` +
    token); raises :class:`NotAdmin` for anyone holding no scope."""
    if not await scope.is_admin(conn, channel, user_id):
        raise NotAdmin(f"{channel}:{user_id} holds no admin scope")
    token = secrets.token_urlsafe(32)
    await store.add_link(conn, _hash(token), channel, user_id, now=now, expires_at=now + LINK_TTL)
    return token


def base_url(settings: Settings) -> str:
    """Where the pages are reached: ``DVBOT_WEBHOOK_URL`` (the same app as the
    webhooks), else this machine (``dvbot web``, ``http://127.0.0.1:PORT``)."""
    return (settings.webhook_url or f"http://127.0.0.1:{settings.webhook_port}").rstrip("/")


def evidence_base(settings: Settings) -> str | None:
    """Where exports link kept evidence files (the reference is appended): the
    web page of a deployment (``DVBOT_WEBHOOK_URL``); ``None`` without one,
    since a link to this machine would not open anywhere else."""
    return settings.webhook_url.rstrip("/") + EVIDENCE_PATH if settings.webhook_url else None


def secure(settings: Settings) -> bool:
    """The cookie is ``Secure`` when the pages are served over HTTPS."""
    return base_url(settings).startswith("https://")


def link_url(base: str, token: str) -> str:
    return base.rstrip("/") + LINK_PATH + token


async def redeem(conn: Connection, token: str, *, now: dt.datetime, hours: int) -> Opened | None:
    """Spend the link and open a session for its admin; ``None`` when the link
    is unknown, used, expired, or its admin no longer holds a scope."""
    identity = await store.redeem_link(conn, _hash(token), now=now)
    if identity is None or not await scope.is_admin(conn, *identity):
        return None
    cookie = secrets.token_urlsafe(32)
    expires = now + dt.timedelta(hours=hours)
    await store.add_session(conn, _hash(cookie), secrets.token_urlsafe(32), *identity, now=now, expires_at=expires)
    await audit.record(conn, actor=":".join(identity), action="web_sign_in", entity="web_session", now=now,
                       after={"expires_at": expires.isoformat()})
    return Opened(cookie, expires)


async def session_of(conn: Connection, cookie: str | None, *, now: dt.datetime) -> WebSession | None:
    """The live session of a cookie whose admin still holds a scope."""
    if not cookie:
        return None
    found = await store.live_session(conn, _hash(cookie), now=now)
    if found is None or not await scope.is_admin(conn, found.channel, found.user_id):
        return None
    return found


async def end(conn: Connection, cookie: str | None, *, now: dt.datetime) -> bool:
    """Sign out: the session ends now (``False``: there was none)."""
    found = await store.live_session(conn, _hash(cookie), now=now) if cookie else None
    if found is None:
        return False
    await store.end_session(conn, _hash(cookie or ""), now=now)
    await audit.record(conn, actor=f"{found.channel}:{found.user_id}", action="web_sign_out", entity="web_session",
                       entity_id=found.id, now=now)
    return True


def csrf_ok(session: WebSession, given: str | None) -> bool:
    """The form's token is the session's (compared in constant time)."""
    return secret_matches(given, session.csrf)


KEEP_EXPIRED = dt.timedelta(days=7)  # a spent or lapsed row is kept a week (when it was used), then deleted


async def prune(conn: Connection, *, now: dt.datetime) -> int:
    """Forget links and sessions expired or ended over a week ago (``dvbot run``'s housekeeping)."""
    return await store.forget_expired(conn, now - KEEP_EXPIRED)
