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
from typing import Any

import httpx

from bot.channels.zalo import CAPABILITIES
from bot.channels.zalo.models import (
    BotInfo,
    SentMessage,
    SetWebhookResult,
    WebhookInfo,
    ZaloUpdate,
    parse_update,
)
from bot.core.errors import (
    BadToken,
    ChannelError,
    ChannelRequestRefused,
    ChatUnreachable,
    QuotaExceeded,
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


# --------------------------------------------------------------------------- client


class ZaloClient:
    """One bot's API client. ``retries`` extra attempts (exponential backoff
    from ``backoff`` seconds) are made on network errors, 5xx, 403 and 408
    answers; other errors are raised at once."""

    def __init__(
        self,
        token: str,
        api_base: str = DEFAULT_API_BASE,
        *,
        timeout: float = 15.0,
        retries: int = 3,
        backoff: float = 0.5,
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
        return [update for item in items if item and (update := parse_update(item)) is not None]

    async def set_webhook(self, url: str, secret_token: str) -> SetWebhookResult:
        """Point Zalo at ``url``; the answer carries Zalo's test delivery to it
        (``verification``: ok, status code, outcome, latency, hint) when given."""
        body = {"url": url, "secret_token": secret_token}
        return SetWebhookResult.read(await self.call("setWebhook", body))

    async def get_webhook_info(self) -> WebhookInfo:
        return WebhookInfo.read(await self.call("getWebhookInfo"))

    async def delete_webhook(self) -> WebhookInfo:
        """Remove the webhook; a bare ``true`` answer (seen in the wild) reads
        as an empty webhook."""
        return WebhookInfo.read(await self.call("deleteWebhook"))

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

    async def download(self, url: str, max_bytes: int) -> bytes | None:
        """A file a person sent (an image URL in an update), at most
        ``max_bytes``: ``None`` when it is larger; ``TransientChannelError``
        when it cannot be fetched. The URL is Zalo's, not ours: no token."""
        try:
            async with self._http.stream("GET", url, timeout=httpx.Timeout(30.0, connect=10.0)) as response:
                if response.status_code != 200:
                    raise TransientChannelError(f"zalo download: HTTP {response.status_code}")
                data = bytearray()
                async for chunk in response.aiter_bytes():
                    data += chunk
                    if len(data) > max_bytes:
                        return None
                return bytes(data)
        except httpx.HTTPError as exc:
            raise TransientChannelError(f"zalo download: {type(exc).__name__}") from exc

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
        """The answer's JSON envelope, after retrying what is worth retrying:
        network errors, 5xx, 403 (Zalo's "internal server error") and 408 on
        anything but getUpdates. Nothing else is retried here — 429 is the
        monthly quota, and asking again cannot help."""
        url = f"{self._base}/bot{self._token}/{method}"
        timeout = httpx.Timeout(self._timeout, connect=10.0, read=read_timeout or self._timeout)
        attempts = 1 + (self.retries if retries is None else retries)
        last: dict[str, Any] = {"ok": False, "error_code": 0, "description": "no attempt made"}
        for attempt in range(attempts):
            if attempt:
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = await self._http.post(url, json=body, timeout=timeout)
            except httpx.TransportError as exc:
                # The exception's text never holds the URL, its class name is enough.
                last = {"ok": False, "error_code": 0, "description": f"network error ({type(exc).__name__})"}
                log.warning("zalo %s: %s, attempt %d/%d", method, last["description"], attempt + 1, attempts)
                continue
            envelope = self._decode(method, response)
            if not envelope.get("ok") and _retryable(method, envelope.get("error_code"), response.status_code):
                last = envelope
                log.warning("zalo %s: error %s, attempt %d/%d", method,
                            envelope.get("error_code"), attempt + 1, attempts)
                continue
            return envelope
        return last

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
        raise self.error_of(method, envelope)

    def error_of(self, method: str, envelope: dict[str, Any]) -> ChannelError:
        """The error tree's reading of a refusal, from the documented table
        (see ``docs/zalo.md``): 400 a bug, 401 the token, 403 Zalo's own
        internal error (transient), 404 an invalid access request (not the
        token), 408 a timeout, 429 the monthly quota. A description that says
        the person blocked the bot or the chat does not exist makes the chat
        unreachable, whatever the code; nothing else does."""
        code = envelope.get("error_code")
        desc = str(envelope.get("description") or "").replace(self._token, "***")
        text = f"zalo {method}: error {code}: {desc}"
        if _says_unreachable(desc.lower()):
            return ChatUnreachable(text)
        if code == 401:
            return BadToken(text)
        if code == 429:
            return QuotaExceeded(text)
        if code == 400:
            return ChannelRequestRefused(text)
        if code in (0, 403, 408) or (isinstance(code, int) and code >= 500):
            return TransientChannelError(text, code=code)
        return ChannelError(text, code=code)  # 404 and anything undocumented


# Phrases of a description that mean the person cannot be reached (the
# documented codes have none: 403 is Zalo's internal error, not "blocked").
_UNREACHABLE = ("blocked", "chat not found", "user not found", "unfollow")


def _says_unreachable(description: str) -> bool:
    return any(phrase in description for phrase in _UNREACHABLE)


def _retryable(method: str, code: object, status: int) -> bool:
    if code == POLL_TIMEOUT_CODE:
        return method != "getUpdates"  # for getUpdates, 408 means "nothing came"
    if code == 403:
        return True
    return status >= 500 or (isinstance(code, int) and code >= 500)
