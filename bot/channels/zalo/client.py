"""A thin async client for the Zalo Bot Platform API (httpx + pydantic).

Every call is ``POST {api_base}/bot{token}/{method}`` with a JSON body and
answers ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N,
"description": ...}``. Failures are raised as the error tree's channel errors.
The token is part of every URL, so no URL and no httpx message that could
carry it is ever put into a log line or an exception text.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import httpx

from bot.channels.zalo import CAPABILITIES
from bot.channels.zalo.models import BotInfo, SentMessage, WebhookInfo, ZaloUpdate
from bot.core.errors import (
    BadToken,
    ChannelError,
    ChatUnreachable,
    RateLimited,
    TransientChannelError,
)

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://bot-api.zaloplatforms.com"
TEXT_LIMIT = CAPABILITIES.text_limit  # sendMessage text: 1–2000 characters
POLL_TIMEOUT_CODE = 408  # getUpdates answers this when no update came within `timeout`


class _RedactTokens(logging.Filter):
    """httpx logs every request URL at INFO, and the URL holds the token: the
    CLI keeps httpx at WARNING, and this filter blanks the token anyway, so a
    changed log level cannot leak it."""

    def __init__(self) -> None:
        super().__init__()
        self.tokens: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.tokens:
            text = record.getMessage()
            if any(tok in text for tok in self.tokens):
                for tok in self.tokens:
                    text = text.replace(tok, "***")
                record.msg, record.args = text, ()
        return True


_REDACT = _RedactTokens()
logging.getLogger("httpx").addFilter(_REDACT)


# --------------------------------------------------------------------------- rate


class TokenBucket:
    """At most ``rate`` acquisitions per second on average, bursts up to
    ``capacity``. Zalo does not document its limits, so sends are throttled
    conservatively (``DVBOT_ZALO_RATE_PER_SECOND``)."""

    def __init__(self, rate: float, capacity: float | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = capacity if capacity is not None else max(1.0, rate)
        self._tokens = self.capacity
        self._stamp = time.monotonic()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:  # FIFO: senders are served in arrival order
            while True:
                now = time.monotonic()
                self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
                self._stamp = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await asyncio.sleep((1 - self._tokens) / self.rate)


# --------------------------------------------------------------------------- client


class ZaloClient:
    """One bot's API client. ``retries`` extra attempts (exponential backoff
    from ``backoff`` seconds) are made on network errors, 5xx answers and short
    429s; other errors are raised at once."""

    def __init__(
        self,
        token: str,
        api_base: str = DEFAULT_API_BASE,
        *,
        timeout: float = 15.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 30.0,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        if not token:
            raise BadToken("empty Zalo bot token")
        self._token = token
        _REDACT.tokens.add(token)
        self._base = api_base.rstrip("/")
        self._timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._max_retry_after = max_retry_after
        self._http = http or httpx.AsyncClient(timeout=httpx.Timeout(timeout, connect=10.0))
        self._own_http = http is None

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    # -- the methods -------------------------------------------------------

    async def get_me(self) -> BotInfo:
        return BotInfo.model_validate(await self.call("getMe"))

    async def get_updates(self, wait: int = 30) -> list[ZaloUpdate]:
        """Long-poll for the next update. Zalo returns one update per call (a
        list is accepted too); nothing within ``wait`` seconds gives ``[]``."""
        envelope = await self._request(
            "getUpdates", {"timeout": str(wait)}, read_timeout=wait + 10.0, retries=0
        )
        if not envelope.get("ok") and envelope.get("error_code") == POLL_TIMEOUT_CODE:
            return []
        result = self._result("getUpdates", envelope)
        if not result:
            return []
        items = result if isinstance(result, list) else [result]
        return [ZaloUpdate.model_validate(item) for item in items if item]

    async def set_webhook(self, url: str, secret_token: str) -> WebhookInfo:
        body = {"url": url, "secret_token": secret_token}
        return WebhookInfo.model_validate(await self.call("setWebhook", body))

    async def get_webhook_info(self) -> WebhookInfo:
        return WebhookInfo.model_validate(await self.call("getWebhookInfo") or {})

    async def delete_webhook(self) -> WebhookInfo:
        return WebhookInfo.model_validate(await self.call("deleteWebhook") or {})

    async def send_message(self, chat_id: str, text: str) -> SentMessage:
        body = {"chat_id": chat_id, "text": text}
        return SentMessage.model_validate(await self.call("sendMessage", body))

    async def send_photo(self, chat_id: str, photo_url: str, caption: str | None = None) -> SentMessage:
        body: dict[str, Any] = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            body["caption"] = caption
        return SentMessage.model_validate(await self.call("sendPhoto", body))

    async def send_sticker(self, chat_id: str, sticker: str) -> SentMessage:
        body = {"chat_id": chat_id, "sticker": sticker}
        return SentMessage.model_validate(await self.call("sendSticker", body))

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> bool:
        return bool(await self.call("sendChatAction", {"chat_id": chat_id, "action": action}))

    # -- plumbing ----------------------------------------------------------

    async def call(self, method: str, body: dict[str, Any] | None = None) -> Any:
        return self._result(method, await self._request(method, body or {}))

    async def _request(
        self,
        method: str,
        body: dict[str, Any],
        *,
        read_timeout: float | None = None,
        retries: int | None = None,
    ) -> dict[str, Any]:
        """The answer's JSON envelope, after retrying what is worth retrying."""
        url = f"{self._base}/bot{self._token}/{method}"
        timeout = httpx.Timeout(self._timeout, connect=10.0, read=read_timeout or self._timeout)
        attempts = 1 + (self.retries if retries is None else retries)
        last = f"zalo {method}: no attempt made"
        for attempt in range(attempts):
            if attempt:
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = await self._http.post(url, json=body, timeout=timeout)
            except httpx.TransportError as exc:
                # The exception's text never holds the URL, its class name is enough.
                last = f"zalo {method}: network error ({type(exc).__name__})"
                log.warning("%s, attempt %d/%d", last, attempt + 1, attempts)
                continue
            envelope = self._decode(method, response)
            code = envelope.get("error_code") if not envelope.get("ok") else None
            if response.status_code >= 500 or (isinstance(code, int) and code >= 500):
                last = f"zalo {method}: server error {code or response.status_code}"
                log.warning("%s, attempt %d/%d", last, attempt + 1, attempts)
                continue
            if code == 429:
                wait = _retry_after(envelope, response)
                if attempt + 1 < attempts and wait <= self._max_retry_after:
                    log.warning("zalo %s: rate limited, waiting %.1fs", method, wait)
                    await asyncio.sleep(wait)
                    continue
                raise RateLimited(f"zalo {method}: rate limited", retry_after=wait)
            return envelope
        raise TransientChannelError(last)

    def _decode(self, method: str, response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            data = None
        if isinstance(data, dict) and "ok" in data:
            return data
        # Not the API's envelope (a proxy's error page, an empty body).
        status = response.status_code
        return {"ok": False, "error_code": status if status >= 400 else 502,
                "description": f"unexpected answer to {method} (HTTP {status})"}

    def _result(self, method: str, envelope: dict[str, Any]) -> Any:
        if envelope.get("ok"):
            return envelope.get("result")
        code = envelope.get("error_code")
        desc = str(envelope.get("description") or "").replace(self._token, "***")
        text = f"zalo {method}: error {code}: {desc}"
        lowered = desc.lower()
        if code == 401 or (code == 404 and not _about_chat(lowered)):
            raise BadToken(text)
        if code == 403 or (code in (400, 404) and _about_chat(lowered)):
            raise ChatUnreachable(text)
        if code == 429:
            raise RateLimited(text)
        if isinstance(code, int) and code >= 500:
            raise TransientChannelError(text)
        raise ChannelError(text)


def _about_chat(description: str) -> bool:
    return any(w in description for w in ("chat", "user", "block", "recipient"))


def _retry_after(envelope: dict[str, Any], response: httpx.Response) -> float:
    params = envelope.get("parameters")
    if isinstance(params, dict) and isinstance(params.get("retry_after"), int | float):
        return float(params["retry_after"])
    try:
        return float(response.headers.get("Retry-After", "1"))
    except ValueError:
        return 1.0
