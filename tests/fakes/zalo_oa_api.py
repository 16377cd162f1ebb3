"""A fake Zalo Official Account platform on 127.0.0.1, driven by the real clients.

Built from what working integrations rely on (see the docstrings of
``bot/channels/zalo_oa/client.py`` and ``events.py``):

* ``POST /v4/oa/access_token`` (OAuth v4 refresh): form ``app_id``,
  ``grant_type=refresh_token``, ``refresh_token``, header ``secret_key``;
  each refresh token works **once** and the answer is a new pair with
  ``expires_in`` as a string. A spent or unknown one answers
  ``{"error": -14014, "error_description": "Invalid refresh token"}``.
* ``POST /v3.0/oa/message/cs``: the ``access_token`` header must be a live
  token (-216 otherwise); the person must have written within 7 days
  (-230 otherwise); messages sent more than 48 h after their last message
  draw on ``quota`` (-211 "Out of quota" at zero). A ``file`` attachment
  (``{"type": "file", "payload": {"token"}}``, no text) names an upload.
* ``POST /v2.0/oa/quota/message`` (no ``message_id``): ``{"data": {"type":
  "active", "remain", "total"}}``, the proactive allowance ``quota`` models.
* ``POST /v2.0/oa/upload/file``: multipart ``file`` (PDF, DOC, DOCX, at most
  5 MB, as working integrations say the platform takes), answering
  ``{"data": {"token"}}``.
* Signed webhook deliveries: :meth:`deliver` POSTs an event to the bot with
  ``X-ZEvent-Signature: mac=sha256(app_id + body + timestamp + OA secret)``;
  ``forge`` signs with another key, ``age`` back-dates the timestamp, and
  :meth:`replay` posts the very same bytes again.
"""

from __future__ import annotations

import asyncio
import email.policy
import hashlib
import json
import secrets
import socket
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qs

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

APP_ID = "1234567890123456789"
APP_SECRET = "AppSecretKey0123456789"  # the app's "Khóa bí mật" (OAuth)
OA_SECRET = "OaSecretKeyWebhook9876"  # the webhook page's OA Secret Key (signatures)
DAY = 86400.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Sent:
    user_id: str
    text: str
    buttons: list[dict[str, Any]] = field(default_factory=list)
    file: tuple[str, bytes] | None = None  # (name, content) of a "file" attachment


class FakeOA:
    def __init__(self, *, access_lifetime: int = 90000, now: Callable[[], float] = time.time) -> None:
        self.access_lifetime = access_lifetime
        self.now = now  # seconds since the epoch: the bot's FakeClock in time-travel tests
        self.refresh_tokens: set[str] = set()
        self.access_tokens: dict[str, float] = {}  # token → expires at (epoch seconds)
        self.refreshes = 0  # refreshes answered with a new pair
        self.refused_refreshes = 0
        self.last_inbound: dict[str, float] = {}
        self.quota = 1000
        self.quota_total = 1000  # what /quota/message reports as the package's total
        self.fail_sends = 0  # the next N sends answer 502 (Zalo down)
        self.sent: list[Sent] = []
        self.refused_sends: list[tuple[str, int]] = []  # (user, error)
        self.gone: dict[str, tuple[int, str]] = {}  # user → the error every send to them answers
        self.bot_url = ""
        self.deliveries: list[int] = []
        self._last_body: bytes = b""
        self._last_headers: dict[str, str] = {}
        self._msg = 0
        self.port = 0
        self.app = Starlette(routes=[
            Route("/v4/oa/access_token", self._refresh, methods=["POST"]),
            Route("/v3.0/oa/message/cs", self._send, methods=["POST"]),
            Route("/v2.0/oa/upload/file", self._upload, methods=["POST"]),
            Route("/v2.0/oa/quota/message", self._quota, methods=["POST"]),
            Route("/files/{name}", self._file, methods=["GET"]),
        ])
        self.files: dict[str, bytes] = {}  # what the CDN serves: the attachments people send
        self.uploads: dict[str, tuple[str, bytes]] = {}  # upload token → (name, content) the bot uploaded

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def authorize(self) -> str:
        """What the operator gets by authorising the app: a first refresh token."""
        token = "rt-" + secrets.token_urlsafe(24)
        self.refresh_tokens.add(token)
        return token

    def expire_access(self) -> None:
        """Every access token stops working (Zalo answers -216)."""
        self.access_tokens.clear()

    # -- OAuth -------------------------------------------------------------------

    async def _refresh(self, request: Request) -> JSONResponse:
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        if request.headers.get("secret_key") != APP_SECRET or form.get("app_id") != APP_ID:
            return JSONResponse({"error": -14002, "error_name": "Invalid app", "error_description": "Invalid secret key"})
        token = str(form.get("refresh_token", ""))
        if form.get("grant_type") != "refresh_token" or token not in self.refresh_tokens:
            self.refused_refreshes += 1
            return JSONResponse({"error": -14014, "error_name": "Invalid parameter",
                                 "error_description": "Invalid refresh token"})
        self.refresh_tokens.discard(token)  # single use
        new_access, new_refresh = "at-" + secrets.token_urlsafe(24), "rt-" + secrets.token_urlsafe(24)
        self.access_tokens[new_access] = self.now() + self.access_lifetime
        self.refresh_tokens.add(new_refresh)
        self.refreshes += 1
        return JSONResponse({"access_token": new_access, "refresh_token": new_refresh,
                             "expires_in": str(self.access_lifetime)})

    # -- sending -------------------------------------------------------------------

    async def _send(self, request: Request) -> JSONResponse:
        if self.fail_sends > 0:
            self.fail_sends -= 1
            return JSONResponse({"message": "Bad Gateway"}, status_code=502)
        token = request.headers.get("access_token", "")
        if self.access_tokens.get(token, 0) < self.now():
            return JSONResponse({"error": -216, "message": "Access token is invalid"})
        body = await request.json()
        user = str(body["recipient"]["user_id"])
        message = body["message"]
        if user in self.gone:
            code, why = self.gone[user]
            self.refused_sends.append((user, code))
            return JSONResponse({"error": code, "message": why})
        last = self.last_inbound.get(user)
        now = self.now()
        if last is None or now - last > 7 * DAY:
            self.refused_sends.append((user, -230))
            return JSONResponse({"error": -230, "message": "User has not interacted with the OA in the past 7 days"})
        if now - last > 2 * DAY:
            if self.quota <= 0:
                self.refused_sends.append((user, -211))
                return JSONResponse({"error": -211, "message": "Out of quota"})
            self.quota -= 1
        text = message.get("text", "")
        attachment = message.get("attachment") or {}
        file = None
        if attachment.get("type") == "file":
            file = self.uploads.get(str((attachment.get("payload") or {}).get("token")))
            if file is None or text:
                return JSONResponse({"error": -201, "message": "Parameter token is invalid"})
        elif not 1 <= len(text) <= 2000:
            return JSONResponse({"error": -201, "message": "Parameter text is invalid"})
        buttons = (attachment.get("payload") or {}).get("buttons", [])
        self.sent.append(Sent(user, text, buttons, file))
        self._msg += 1
        return JSONResponse({"error": 0, "message": "Success", "data": {"message_id": f"mid-{self._msg}", "user_id": user}})

    async def _quota(self, request: Request) -> JSONResponse:
        """``/v2.0/oa/quota/message`` without a message id: the proactive allowance."""
        if self.access_tokens.get(request.headers.get("access_token", ""), 0) < self.now():
            return JSONResponse({"error": -216, "message": "Access token is invalid"})
        return JSONResponse({"error": 0, "message": "Success",
                             "data": {"type": "active", "remain": max(self.quota, 0), "total": self.quota_total}})

    async def _upload(self, request: Request) -> JSONResponse:
        """``/v2.0/oa/upload/file``: multipart ``file``, PDF or Word, at most 5 MB;
        ``{"error": 0, "data": {"token"}}``."""
        if self.access_tokens.get(request.headers.get("access_token", ""), 0) < self.now():
            return JSONResponse({"error": -216, "message": "Access token is invalid"})
        raw = await request.body()
        head = f"Content-Type: {request.headers.get('content-type', '')}\r\n\r\n".encode()
        form = BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
        part = next((p for p in form.iter_parts() if p.get_param("name", header="content-disposition") == "file"), None)
        if part is None:
            return JSONResponse({"error": -201, "message": "file is invalid!"})
        name, content = str(part.get_filename()), part.get_payload(decode=True)
        if not name.lower().endswith((".pdf", ".doc", ".docx")) or len(content) > 5 * 1024 * 1024:
            return JSONResponse({"error": -210, "message": "Parameter exceeds allowable limit"})
        token = "ft-" + secrets.token_urlsafe(12)
        self.uploads[token] = (name, content)
        return JSONResponse({"error": 0, "message": "Success", "data": {"token": token}})

    async def _file(self, request: Request) -> Response:
        data = self.files.get(request.path_params["name"])
        return Response(data, media_type="image/jpeg") if data is not None else Response(status_code=404)

    def attachment(self, name: str, data: bytes, kind: str = "image") -> list[dict[str, Any]]:
        """An attachment as a webhook carries it, its bytes served at ``/files/<name>``."""
        self.files[name] = data
        payload: dict[str, Any] = {"url": f"{self.base_url}/files/{name}"}
        if kind == "file":
            payload.update(name=name, size=len(data), type="pdf")
        return [{"type": kind, "payload": payload}]

    def texts(self, user: str) -> list[str]:
        return [s.text for s in self.sent if s.user_id == user]

    async def wait_sent(self, user: str, count: int, within: float = 10.0) -> list[str]:
        deadline = time.monotonic() + within
        while len(self.texts(user)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{user} got {len(self.texts(user))} messages, expected {count}: {self.texts(user)}")
            await asyncio.sleep(0.02)
        return self.texts(user)

    # -- webhook deliveries ----------------------------------------------------------

    def event(self, user: str, name: str = "user_send_text", *, text: str | None = None,
              attachments: list[dict[str, Any]] | None = None, msg_id: str | None = None,
              age: float = 0.0) -> dict[str, Any]:
        stamp = str(int((self.now() - age) * 1000))
        if name in ("follow", "unfollow"):
            return {"app_id": APP_ID, "oa_id": "oa-1", "event_name": name, "timestamp": stamp,
                    "source": "oa_profile", "follower": {"id": user}, "user_id_by_app": "app-" + user}
        message: dict[str, Any] = {"msg_id": msg_id or secrets.token_hex(8)}
        if text is not None:
            message["text"] = text
        if attachments is not None:
            message["attachments"] = attachments
        return {"app_id": APP_ID, "user_id_by_app": "app-" + user, "event_name": name, "timestamp": stamp,
                "sender": {"id": user}, "recipient": {"id": "oa-1"}, "message": message}

    async def deliver(self, body: dict[str, Any], *, forge: bool = False) -> int:
        raw = json.dumps(body, ensure_ascii=False).encode()
        key = "NotTheOaSecretKey0000" if forge else OA_SECRET
        mac = hashlib.sha256(APP_ID.encode() + raw + str(body["timestamp"]).encode() + key.encode()).hexdigest()
        headers = {"X-ZEvent-Signature": f"mac={mac}", "Content-Type": "application/json",
                   "User-Agent": "Java/1.8.0_292"}
        person = body.get("sender") or body.get("follower")
        if not forge and person and body.get("event_name") != "unfollow":
            self.last_inbound[str(person["id"])] = self.now()
        self._last_body, self._last_headers = raw, headers
        return await self._post(raw, headers)

    async def replay(self) -> int:
        return await self._post(self._last_body, self._last_headers)

    async def _post(self, raw: bytes, headers: dict[str, str]) -> int:
        async with httpx.AsyncClient(timeout=10) as http:
            response = await http.post(self.bot_url, content=raw, headers=headers)
        self.deliveries.append(response.status_code)
        return response.status_code

    async def say(self, user: str, text: str, *, within: float = 10.0) -> str:
        """The officer writes; the bot's answer (every part, joined)."""
        before = len(self.texts(user))
        status = await self.deliver(self.event(user, text=text))
        assert status == 200, status
        await self.wait_sent(user, before + 1, within)
        await self.settle(user)
        return "\n".join(self.texts(user)[before:])

    async def settle(self, user: str, quiet: float = 0.2) -> None:
        """Wait until no more parts of an answer arrive for ``quiet`` seconds."""
        count = -1
        while count != len(self.texts(user)):
            count = len(self.texts(user))
            await asyncio.sleep(quiet)

    def buttons(self, user: str) -> list[dict[str, Any]]:
        """The buttons of the last message to ``user`` that had any."""
        return next((s.buttons for s in reversed(self.sent) if s.user_id == user and s.buttons), [])

    async def press(self, user: str, title: str) -> str:
        """The officer presses the button titled ``title`` (or starting so)."""
        titles = [b["title"] for b in self.buttons(user)]
        button = next((b for b in self.buttons(user) if b["title"].split(". ", 1)[-1].startswith(title)), None)
        assert button is not None, f"no button {title!r} among {titles}"
        return await self.say(user, button["payload"])


@asynccontextmanager
async def running(fake: FakeOA) -> AsyncIterator[FakeOA]:
    fake.port = free_port()
    server = uvicorn.Server(uvicorn.Config(fake.app, host="127.0.0.1", port=fake.port, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield fake
    finally:
        server.should_exit = True
        await task
