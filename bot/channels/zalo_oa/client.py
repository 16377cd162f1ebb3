"""Async clients for the Zalo Official Account Open API and its OAuth v4 server.

What they rely on (each checked against working integrations, since the
official pages at developers.zalo.me are not in the search corpus):

* Refresh: ``POST {oauth}/v4/oa/access_token``, form ``app_id``,
  ``grant_type=refresh_token``, ``refresh_token``, header ``secret_key: <app
  secret>``; the answer has ``access_token``, ``refresh_token`` and
  ``expires_in`` (seconds, sent as a string); a refused refresh answers an
  ``error`` with ``error_description`` (hexasync.vn's Postman guide;
  chatwoot/chatwoot app/services/zalo/send_on_zalo_service.rb reads
  ``error_description``). The refresh token lives 3 months, once.
* Send: ``POST {api}/v3.0/oa/message/cs`` with the access token in an
  ``access_token`` header, JSON ``{"recipient": {"user_id"}, "message":
  {"text", "attachment"?}}``; the answer ``{"error": 0, "data":
  {"message_id"}}`` or a negative ``error`` with a ``message``.
* Error codes, from Zalo's OA error table (developers.zalo.me, official-account
  "phụ lục / mã lỗi", as transcribed in a public integration guide; see
  docs/zalo.md): -216 "Access token is invalid" and -220 "access_token is
  expired or removed" (and ZNS's -124) → refresh; -230 "User has not
  interacted with the OA in the past 7 days" and -232 "… or the last
  interaction has expired" → outside the window; -213 "User has not followed
  OA", -227 "User is banned or inactive for more than 45 days" and -244 "User
  has restricted this message type from your OA" → this person cannot be
  reached (held until they write again); -211 "Out of quota" → the OA's quota; -218 "Out
  of quota receive" is *this person's* limit, not the OA's → like a closed
  window (not retried, this person only); -32 "reached limit call api" → rate.
  -240 is "MessageV2 API has been shut down", not a quota. The message text is
  read too ("access token", "interact", "quota"), since tables disagree.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import zoneinfo
from collections.abc import Callable
from typing import Any

import httpx

from bot.core.errors import (
    BadToken,
    ChannelError,
    ChatUnreachable,
    InvalidInput,
    OutsideWindow,
    QuotaExceeded,
    RateLimited,
    TransientChannelError,
)
from bot.core.oauth import TokenPair, TokenSource

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://openapi.zalo.me"
DEFAULT_OAUTH_BASE = "https://oauth.zaloapp.com"
REFRESH_LIFETIME = 90 * 24 * 3600  # "3 months": Zalo's answer does not say
TOKEN_CODES = {-216, -220, -124}
WINDOW_CODES = {-230, -232}
UNREACHABLE_CODES = {-213, -227, -244}  # not following, banned or 45 days inactive, restricted
RECIPIENT_QUOTA = -218  # "Out of quota receive": one person's limit
QUOTA_CODES = {-211}
RATE_CODES = {-32}
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
_MIME = {".pdf": "application/pdf", ".doc": "application/msword",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def kind_of(code: int, message: str) -> str:
    """``token`` | ``unreachable`` | ``window`` | ``quota`` | ``rate`` | ``other``
    for a non-zero ``error``."""
    text = message.lower()
    if code in UNREACHABLE_CODES:
        return "unreachable"
    if code in TOKEN_CODES or "access token" in text or "access_token" in text:
        return "token"
    if code in WINDOW_CODES or code == RECIPIENT_QUOTA or "interact" in text or "tương tác" in text:
        return "window"
    if code in QUOTA_CODES or "quota" in text or "hạn mức" in text:
        return "quota"
    if code in RATE_CODES or "rate limit" in text:
        return "rate"
    return "other"


def quota_resets(now: dt.datetime) -> dt.datetime:
    """When an OA's monthly allowance comes back: the 1st of next month, Vietnam time."""
    local = now.astimezone(HCM)
    first = (local.replace(day=1) + dt.timedelta(days=32)).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return first.astimezone(dt.UTC)


class OAuthClient:
    """The one call that spends a refresh token (an :data:`~bot.core.oauth.Exchange`)."""

    def __init__(self, app_id: str, secret_key: str, oauth_base: str = DEFAULT_OAUTH_BASE,
                 *, timeout: float = 15.0) -> None:
        self.app_id, self._secret = app_id, secret_key
        self._url = oauth_base.rstrip("/") + "/v4/oa/access_token"
        self._timeout = timeout

    async def __call__(self, refresh_token: str) -> TokenPair:
        """New pair for ``refresh_token``; ``BadToken`` when Zalo refuses it,
        ``TransientChannelError`` when it did not answer (the token may or may
        not be spent: the keeper's ``attempt_at`` remembers that)."""
        form = {"app_id": self.app_id, "grant_type": "refresh_token", "refresh_token": refresh_token}
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as http:
                response = await http.post(self._url, data=form, headers={"secret_key": self._secret})
        except httpx.TransportError as exc:
            raise TransientChannelError(f"zalo-oa oauth: network error ({type(exc).__name__})") from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 500 or not isinstance(body, dict):
            raise TransientChannelError(f"zalo-oa oauth: unexpected answer (HTTP {response.status_code})")
        if body.get("access_token") and body.get("refresh_token"):
            return TokenPair(str(body["access_token"]), str(body["refresh_token"]),
                             _seconds(body.get("expires_in"), 90000),
                             _seconds(body.get("refresh_token_expires_in"), REFRESH_LIFETIME))
        reason = str(body.get("error_description") or body.get("error_name") or body.get("message") or "refused")
        raise BadToken(f"zalo-oa oauth: error {body.get('error')}: {reason[:200]}")


def _seconds(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class OAClient:
    def __init__(self, tokens: TokenSource, api_base: str = DEFAULT_API_BASE, *, timeout: float = 15.0,
                 retries: int = 2, backoff: float = 0.5,
                 now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)) -> None:
        self.tokens, self.now = tokens, now
        self.api_base = api_base.rstrip("/")
        self.retries, self.backoff = retries, backoff
        self._http = httpx.AsyncClient(timeout=timeout)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def send(self, user_id: str, message: dict[str, Any]) -> str:
        """One consultation message; its ``message_id``. Errors as the error tree:
        an invalid token is refreshed once and the send tried again."""
        body = {"recipient": {"user_id": user_id}, "message": message}
        token = await self.tokens.access_token()
        answer = await self._post("/v3.0/oa/message/cs", body, token)
        if answer.get("error") and kind_of(int(answer["error"]), str(answer.get("message", ""))) == "token":
            log.warning("zalo-oa: access token refused (error %s); refreshing once", answer["error"])
            answer = await self._post("/v3.0/oa/message/cs", body, await self.tokens.renew(token))
        data = self._data(answer)
        return str((data or {}).get("message_id", ""))

    async def upload_file(self, name: str, content: bytes) -> str:
        """Upload a PDF or Word file for a message (``/v2.0/oa/upload/file``,
        multipart ``file``); its ``token``, for a ``file`` attachment."""
        mime = _MIME.get(name[name.rfind("."):].lower(), "application/octet-stream")
        files = {"file": (name, content, mime)}
        token = await self.tokens.access_token()
        answer = await self._post("/v2.0/oa/upload/file", None, token, files)
        if answer.get("error") and kind_of(int(answer["error"]), str(answer.get("message", ""))) == "token":
            answer = await self._post("/v2.0/oa/upload/file", None, await self.tokens.renew(token), files)
        data = self._data(answer) or {}
        if not data.get("token"):
            raise ChannelError("zalo-oa: the file upload answered no token")
        return str(data["token"])

    async def quota(self, token: str) -> tuple[int, int]:
        """The OA's proactive-message allowance, ``(remain, total)``:
        ``POST /v2.0/oa/quota/message`` without a ``message_id`` answers
        ``{"data": {"type": "active", "remain", "total"}}``. Read with the given
        access token only (a status look never spends a refresh token)."""
        data = self._data(await self._post("/v2.0/oa/quota/message", {}, token)) or {}
        try:
            return int(data["remain"]), int(data["total"])
        except (KeyError, TypeError, ValueError):
            raise ChannelError("zalo-oa: the quota answer has no remain/total") from None

    async def download(self, url: str, limit: int) -> bytes:
        """An attachment the person sent (Zalo's CDN link), at most ``limit`` bytes."""
        chunks, size = [], 0
        try:
            async with self._http.stream("GET", url) as response:
                if response.status_code != 200:
                    raise TransientChannelError(f"zalo-oa: attachment download answered HTTP {response.status_code}")
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise InvalidInput("zalo_oa.evidence_too_large", mb=limit // (1024 * 1024))
                    chunks.append(chunk)
        except httpx.TransportError as exc:
            raise TransientChannelError(f"zalo-oa: attachment download failed ({type(exc).__name__})") from None
        return b"".join(chunks)

    async def _post(self, path: str, body: dict[str, Any] | None, token: str,
                    files: dict[str, tuple[str, bytes, str]] | None = None) -> dict[str, Any]:
        last = f"zalo-oa {path}: no attempt made"
        for attempt in range(1 + self.retries):
            if attempt:
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = await self._http.post(self.api_base + path, json=body, files=files,
                                                 headers={"access_token": token})
            except httpx.TransportError as exc:
                last = f"zalo-oa {path}: network error ({type(exc).__name__})"
                log.warning("%s, attempt %d/%d", last, attempt + 1, 1 + self.retries)
                continue
            try:
                answer = response.json()
            except ValueError:
                answer = None
            if response.status_code >= 500 or not isinstance(answer, dict) or "error" not in answer:
                last = f"zalo-oa {path}: unexpected answer (HTTP {response.status_code})"
                log.warning("%s, attempt %d/%d", last, attempt + 1, 1 + self.retries)
                continue
            return answer
        raise TransientChannelError(last)

    def _data(self, answer: dict[str, Any]) -> dict[str, Any] | None:
        code = int(answer.get("error") or 0)
        if code == 0:
            data = answer.get("data")
            return data if isinstance(data, dict) else None
        message = str(answer.get("message") or "")[:200]
        text = f"zalo-oa: error {code}: {message}"
        kind = kind_of(code, message)
        if kind == "token":
            raise BadToken(text + " (after a refresh)")
        if kind == "unreachable":
            raise ChatUnreachable(text)
        if kind == "window":
            raise OutsideWindow(text)
        if kind == "quota":
            raise QuotaExceeded(text, resumes_at=quota_resets(self.now()))
        if kind == "rate":
            raise RateLimited(text, retry_after=60.0)
        raise ChannelError(text)
