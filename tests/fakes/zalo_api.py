"""A fake Zalo Bot API server on 127.0.0.1, driven by the real client.

A tiny HTTP/1.1 server on asyncio streams (a "network drop" really closes
the connection). getMe, getUpdates (long poll, one update per call, 408 on
timeout), the webhook methods and the send methods, with the documented
envelopes and errors; every request is recorded.

Errors follow the platform's documented table (docs/zalo.md): 400 a bad
request, 401 the token, **403 "Internal server error"** (transient, on Zalo's
side), 404 an invalid access request, 408 a timeout, **429 "Quota
exceeded"**: the bot's monthly messages are spent (``quota``: after that many
sendMessage/sendPhoto/sendSticker the fake answers 429 until ``reset_quota``).

Test side: ``user_text``/``user_photo``/``user_sticker`` queue what a person
sends (delivered to the webhook when one is set, else to getUpdates);
``sent(chat_id)`` and ``wait_sent`` read what the bot sent; ``inject`` makes
the next calls of a method fail (5xx, network drop, 403, 404, 408, 429);
``block``: a refusal saying the person blocked the bot (undocumented; the
only case the client marks a chat unreachable at once). ``wrap_webhooks``
(False: bare bodies), ``delete_answers_true`` (deleteWebhook answers
``true``), ``verification`` (what setWebhook reports of its test delivery).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Iterator
from typing import Any

import httpx

from tests.fakes import zalo_people as people
from tests.fakes.zalo_people import Call, PersonSide, Recorded, Sent, now_ms, ok, refusal

_DROP = object()


class FakeZaloApi(PersonSide, Recorded):
    def __init__(self, token: str = "1234567890:fake-zalo-secret", *, name: str = "Bot Dân vận") -> None:
        self.token = token
        self.name = name
        self.calls: list[Call] = []
        self.sent_items: list[Sent] = []
        self.webhook_url = self.webhook_secret = ""
        self.deliveries: list[int] = []  # HTTP status of each webhook delivery
        self.known_chats: set[str] = set()
        self.blocked: set[str] = set()
        self._faults: dict[str, deque[str]] = {}
        self.files: dict[str, bytes] = {}  # what photo URLs serve (``photo``)
        self.quota: int | None = None  # messages the bot may send before 429
        self.quota_used, self.wrap_webhooks, self.delete_answers_true = 0, True, False
        self.verification: dict[str, Any] = {"ok": True, "status_code": 200, "outcome": "success",
                                             "latency_ms": 42, "hint": ""}
        self._updates: deque[dict[str, Any]] = deque()
        self._outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._handlers: set[asyncio.Task[Any]] = set()
        self._closing = False
        self._deliverer: asyncio.Task[None] | None = None
        self.port = 0

    # -- lifecycle ----------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> FakeZaloApi:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        self._deliverer = asyncio.create_task(self._deliver_webhooks())
        return self

    async def stop(self) -> None:
        if self._deliverer:
            self._deliverer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._deliverer
        self._closing = True
        if self._server:
            self._server.close()
            for writer in list(self._writers):
                writer.close()
            await asyncio.gather(*self._handlers, return_exceptions=True)
            await self._server.wait_closed()

    @contextlib.contextmanager
    def in_thread(self) -> Iterator[FakeZaloApi]:
        """Serve from a background thread with its own event loop, for code
        under test that runs its own loop (CLI commands use ``asyncio.run``)."""
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()
        asyncio.run_coroutine_threadsafe(self.start(), loop).result(5)
        try:
            yield self
        finally:
            asyncio.run_coroutine_threadsafe(self.stop(), loop).result(5)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
            loop.close()

    async def __aenter__(self) -> FakeZaloApi:
        return await self.start()

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()

    # -- the person's side: user_text, user_photo, … (zalo_people.PersonSide) --

    def push(self, update: dict[str, Any]) -> None:
        """Queue a raw update (pushing the same one twice replays it)."""
        self.known_chats.add(str(update["message"]["chat"]["id"]))
        if self.webhook_url:
            self._outbox.put_nowait(update)
            return
        self._updates.append(update)

    @property
    def waiting(self) -> list[str]:  # the message ids no poll has taken yet
        return [str(u["message"]["message_id"]) for u in self._updates]

    def inject(self, method: str, kind: str, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` fail: ``"5xx"`` (HTTP 500),
        ``"502"`` (a proxy's Bad Gateway), ``"network"`` (connection closed
        without an answer), or one of the documented codes ``"403"``,
        ``"404"``, ``"408"``, ``"429"``."""
        self._faults.setdefault(method, deque()).extend([kind] * times)

    def block(self, chat_id: str) -> None:
        self.blocked.add(chat_id)

    # -- the server -----------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
            task.add_done_callback(self._handlers.discard)
        try:
            while True:
                line = await reader.readline()
                if not line.strip():
                    return
                _verb, target, _version = line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while (h := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    key, _, value = h.decode("latin-1").partition(":")
                    headers[key.strip().lower()] = value.strip()
                size = int(headers.get("content-length", "0"))
                raw = await reader.readexactly(size) if size else b""
                answer = self._file(target) if target.startswith("/files/") else await self._answer(
                    target, raw, reader)
                if answer is _DROP:
                    return
                assert isinstance(answer, tuple)
                status, payload = answer
                kind = "image/jpeg" if isinstance(payload, bytes) else "application/json"
                data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
                head = (f"HTTP/1.1 {status} {people.REASONS.get(status, 'Error')}\r\n"
                        f"Content-Type: {kind}\r\nContent-Length: {len(data)}\r\n\r\n")
                writer.write(head.encode("latin-1") + data)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            return
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _answer(self, target: str, raw: bytes, reader: asyncio.StreamReader) -> object:
        _, _, rest = target.partition("/bot")
        token, _, method = rest.rpartition("/")
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = {}
        authorized = secrets.compare_digest(token.encode(), self.token.encode())
        self.calls.append(Call(method, body, authorized))
        if not authorized:
            return refusal(401, "Unauthorized")
        faults = self._faults.get(method)
        if faults:
            kind = faults.popleft()
            if kind == "network":
                return _DROP
            if kind in people.DOCUMENTED:
                return refusal(int(kind), people.DOCUMENTED[kind])
            if kind == "502":
                return refusal(502, "Bad Gateway")
            return refusal(500, "Internal Server Error")
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:  # documented: a wrong path or an unknown method is a bad request
            return refusal(400, "Bad request: unknown method")
        if method == "getUpdates":
            return await handler(body, reader)
        return handler(body)

    # -- the methods ----------------------------------------------------------

    def _m_getMe(self, _body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return ok({"id": self.token.split(":")[0], "account_name": self.name,
                    "account_type": "BASIC", "can_join_groups": False})

    async def _m_getUpdates(self, body: dict[str, Any], reader: asyncio.StreamReader) -> object:
        if self.webhook_url:
            return refusal(409, "Conflict: a webhook is set, delete it to use getUpdates")
        deadline = time.monotonic() + float(body.get("timeout") or 30)
        while not self._updates:
            if reader.at_eof() or self._closing:
                return _DROP  # the client hung up: keep the update for the next poll
            if time.monotonic() >= deadline:
                return refusal(408, "Request timeout")
            await asyncio.sleep(0.01)
        if reader.at_eof() or self._closing:
            return _DROP
        return ok(self._updates.popleft())

    def _m_setWebhook(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        url, secret = str(body.get("url") or ""), str(body.get("secret_token") or "")
        if not url.startswith(("https://", "http://127.0.0.1")):
            return refusal(400, "Bad Request: url must be HTTPS")
        if not 8 <= len(secret) <= 256:
            return refusal(400, "Bad Request: secret_token must be 8-256 characters")
        self.webhook_url, self.webhook_secret = url, secret
        return ok({"url": url, "updated_at": now_ms(), "verification": dict(self.verification)})

    def reset_quota(self) -> None:
        """A new month: the quota is back."""
        self.quota_used = 0

    def _m_getWebhookInfo(self, _body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return ok({"url": self.webhook_url, "updated_at": now_ms()})

    def _m_deleteWebhook(self, _body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.webhook_url = self.webhook_secret = ""
        return ok(True) if self.delete_answers_true else ok({"url": "", "updated_at": now_ms()})

    def _chat_error(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        chat_id = str(body.get("chat_id") or "")
        if chat_id in self.blocked:
            return refusal(403, "Forbidden: the user has blocked the bot")
        if chat_id not in self.known_chats:
            return refusal(400, "Bad Request: chat not found")
        if self.quota is not None and self.quota_used >= self.quota:
            return refusal(429, people.DOCUMENTED["429"])
        return None

    def _record(self, method: str, body: dict[str, Any], text: str) -> tuple[int, dict[str, Any]]:
        self.quota_used += 1
        self.sent_items.append(Sent(method, str(body["chat_id"]), text, body))
        return ok({"message_id": secrets.token_hex(10), "date": now_ms()})

    def _m_sendMessage(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        text = body.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= 2000:
            return refusal(400, "Bad Request: text must be 1 to 2000 characters")
        return self._chat_error(body) or self._record("sendMessage", body, text)

    def _m_sendPhoto(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        photo, caption = body.get("photo"), body.get("caption") or ""
        if not isinstance(photo, str) or not photo.startswith(("http://", "https://")):
            return refusal(400, "Bad Request: photo must be a URL")
        if len(caption) > 2000:
            return refusal(400, "Bad Request: caption must be at most 2000 characters")
        return self._chat_error(body) or self._record("sendPhoto", body, caption)

    def _m_sendSticker(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if not body.get("sticker"):
            return refusal(400, "Bad Request: sticker is required")
        return self._chat_error(body) or self._record("sendSticker", body, str(body["sticker"]))

    def _m_sendChatAction(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if body.get("action") != "typing":
            return refusal(400, "Bad Request: unknown action")
        return self._chat_error(body) or ok(True)

    # -- webhook deliveries -----------------------------------------------------

    async def _deliver_webhooks(self) -> None:
        async with httpx.AsyncClient(timeout=10) as http:
            while True:
                update = await self._outbox.get()
                headers = {"X-Bot-Api-Secret-Token": self.webhook_secret}
                try:
                    response = await http.post(
                        self.webhook_url, json={"ok": True, "result": update} if self.wrap_webhooks else update,
                        headers=headers
                    )
                    self.deliveries.append(response.status_code)
                except httpx.TransportError:
                    self.deliveries.append(0)
