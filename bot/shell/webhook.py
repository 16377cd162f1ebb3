"""One ASGI app (Starlette) for every platform's webhook, plus ``/healthz``.

Channel adapters contribute their routes (``/zalo``, ``/telegram``); the
composition root serves the app with uvicorn when ``DVBOT_WEBHOOK_URL`` is set.
Every body is limited to :data:`~bot.core.webhooks.MAX_BODY_BYTES` before any
route reads it (:class:`BodyLimit`, 413 beyond).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.core.webhooks import MAX_BODY_BYTES

log = logging.getLogger(__name__)


class BodyLimit:
    """Reads at most ``limit`` bytes of a request body: a larger declared
    ``Content-Length`` is refused unread, a larger streamed body as soon as it
    passes the limit (413 either way). The route then gets the body as if
    read from the network."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(scope, send, declared.decode("latin-1"))
            return
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(scope, send, f"more than {size}")
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body, given = b"".join(chunks), False

        async def replay() -> Message:
            nonlocal given
            if given:
                return await receive()
            given = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, send: Send, size: str) -> None:
        log.warning("webhook %s: a body of %s bytes refused (limit %d)", scope.get("path"), size, self.limit)
        response = JSONResponse({"ok": False, "description": "body too large"}, status_code=413)
        await response(scope, _nothing, send)


async def _nothing() -> Message:  # a refused body is never read
    return {"type": "http.disconnect"}


async def _healthz(_request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})


def create_app(routes: Sequence[BaseRoute], max_body: int = MAX_BODY_BYTES) -> Starlette:
    middleware: list[Any] = [Middleware(BodyLimit, limit=max_body)]
    return Starlette(routes=[Route("/healthz", _healthz, methods=["GET"]), *routes], middleware=middleware)
