"""A fake Telegram Bot API server on 127.0.0.1, driven by the real PTB client.

It answers the methods the bot uses, with Telegram's answer and error shapes
(400 with a description, 403 blocked, 429 with ``parameters.retry_after``),
enforces the limits that matter (text length, callback data size, keyboard
size, command names), checks every request against the Bot API as data
(``telegram_spec``) and records it. An invalid request is answered 400 and kept
in :attr:`FakeTelegram.invalid`; the test fixture asserts there are none.

Tests play the users: :meth:`FakeTelegram.say`, :meth:`press`,
:meth:`send_document`, … queue updates for ``getUpdates`` or, once a webhook
is set, POST them to it with the secret header.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.telegram_limits import limit_errors
from tests.fakes.telegram_spec import check_request, decode_params, parse_body
from tests.fakes.telegram_state import BotState, FakeUser, TelegramError

__all__ = ["FakeTelegram", "FakeUser", "Recorded"]


@dataclass
class Recorded:
    method: str
    params: dict[str, Any]
    at: float
    status: int = 200
    errors: list[str] = field(default_factory=list)


class FakeTelegram(BotState):
    def __init__(self, token: str = "123456:TEST-token", username: str = "dvbot_test_bot") -> None:
        super().__init__(username=username)
        self.token = token
        self.requests: list[Recorded] = []
        self.invalid: list[Recorded] = []
        self._failures: dict[str, list[tuple[int, str, int | None]]] = {}
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._http: httpx.AsyncClient | None = None
        self.port = 0

    # ---- life cycle ------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> FakeTelegram:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        app = Starlette(
            routes=[
                Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"]),
                Route("/file/bot{token}/{path:path}", self._download, methods=["GET"]),
            ]
        )
        config = uvicorn.Config(app, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:  # noqa: ASYNC110 - uvicorn offers no event
            await asyncio.sleep(0.01)
        self._http = httpx.AsyncClient(timeout=10)
        return self

    async def stop(self) -> None:
        self.closing = True
        async with self.cond:
            self.cond.notify_all()
        if self._http is not None:
            await self._http.aclose()
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task

    # ---- failures tests ask for -----------------------------------------------------

    def fail_next(
        self, method: str, status: int = 429, description: str = "", retry_after: int | None = 1
    ) -> None:
        """Answer the next call of ``method`` with an error (429 by default)."""
        if status == 429 and not description:
            description = f"Too Many Requests: retry after {retry_after}"
        self._failures.setdefault(method, []).append((status, description, retry_after))

    def calls(self, method: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method]

    # ---- delivering updates ------------------------------------------------------------

    async def deliver(self, update: dict[str, Any]) -> None:
        if self.webhook_url:
            assert self._http is not None
            headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret or ""}
            r = await self._http.post(self.webhook_url, json=update, headers=headers)
            self.webhook_answers.append(r.status_code)
            return
        async with self.cond:
            self.updates.append(update)
            self.cond.notify_all()

    # ---- HTTP --------------------------------------------------------------------------

    async def _download(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        for content, path in self.files.values():
            if path == request.path_params["path"]:
                return Response(content)
        return JSONResponse({"ok": False, "error_code": 404, "description": "Not Found"}, 404)

    async def _endpoint(self, request: Request) -> Response:
        method = request.path_params["method"]
        params = await parse_body(request.headers.get("content-type", ""), await request.body())
        params.update({k: v for k, v in request.query_params.items() if k not in params})
        rec = Recorded(method=method, params=params, at=time.monotonic())
        self.requests.append(rec)
        if request.path_params["token"] != self.token:
            rec.status = 401
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        rec.errors = check_request(method, params)
        decoded = decode_params(method, params)
        if not rec.errors:
            rec.errors = limit_errors(method, decoded)
        if rec.errors:
            self.invalid.append(rec)
            rec.status = 400 if method in self.methods() else 404
            return _error(rec.status, "Bad Request: " + "; ".join(rec.errors))
        queued = self._failures.get(method)
        if queued:
            status, description, retry_after = queued.pop(0)
            rec.status = status
            return _error(status, description, retry_after)
        try:
            result = await self.call(method, decoded)
        except TelegramError as exc:
            rec.status = exc.status
            return _error(exc.status, exc.description, exc.retry_after)
        return JSONResponse({"ok": True, "result": result})


def _error(status: int, description: str, retry_after: int | None = None) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if status == 429 and retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return JSONResponse(body, status)


def dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1)
