"""Zalo OA webhook deliveries: the signature, and the events we read.

Signature (chatwoot/chatwoot app/jobs/webhooks/zalo_events_job.rb, the
``X-ZEvent-Signature`` header): ``mac=`` + hex SHA-256 of ``app_id + raw
body + timestamp + OA Secret Key``, where the OA Secret Key is the one on
the app's *webhook* page — not the app's secret key used for OAuth. The
timestamp is inside the body, so :func:`verify` reads it from the raw bytes
with one bounded pattern and checks the MAC before the body is parsed as
JSON; :func:`parse` then insists the parsed timestamp and app id are the
signed ones.

Events (``event_name``; shapes as chatwoot's Zalo inbox reads them, in
app/services/zalo/incoming_message_service.rb): ``user_send_text``,
``user_send_image`` / ``user_send_file`` / ``user_send_sticker`` with
``message.attachments[{type, payload{url, name, size}}]``, each with
``sender.id``, ``message.msg_id`` and ``timestamp`` (ms); ``follow`` /
``unfollow`` with ``follower.id``. Others are acknowledged and ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any

from bot.core.errors import BadUpdate
from bot.core.messages import Attachment

SIGNATURE_HEADER = "X-ZEvent-Signature"
_TIMESTAMP = re.compile(rb'"timestamp"\s*:\s*"?(\d{1,16})"?')
MESSAGE_EVENTS = {"user_send_text", "user_send_image", "user_send_file", "user_send_sticker",
                  "user_send_gif", "user_send_audio", "user_send_video", "user_send_location", "user_send_link"}


def signature(app_id: str, raw: bytes, timestamp: str, oa_secret: str) -> str:
    digest = hashlib.sha256(app_id.encode() + raw + timestamp.encode() + oa_secret.encode()).hexdigest()
    return "mac=" + digest


def signed_timestamp(raw: bytes) -> str | None:
    match = _TIMESTAMP.search(raw)
    return match.group(1).decode() if match else None


def verify(header: str | None, app_id: str, raw: bytes, oa_secret: str) -> str | None:
    """The signed timestamp when ``header`` is the body's MAC, else ``None``;
    compared in constant time. A header without ``mac=`` is accepted bare."""
    timestamp = signed_timestamp(raw)
    if not header or timestamp is None:
        return None
    given = header.strip()
    if not given.startswith("mac="):
        given = "mac=" + given
    expected = signature(app_id, raw, timestamp, oa_secret)
    return timestamp if hmac.compare_digest(given.encode(), expected.encode()) else None


@dataclass(frozen=True, slots=True)
class Event:
    name: str
    user_id: str
    timestamp_ms: int
    key: str  # de-duplication: the msg_id, or the event, user and time
    text: str | None = None
    attachment: Attachment | None = None

    @property
    def is_message(self) -> bool:
        return self.name in MESSAGE_EVENTS


def parse(body: dict[str, Any], app_id: str, timestamp: str) -> Event | None:
    """The event in an authenticated body (``None``: one we do not read)."""
    if str(body.get("timestamp")) != timestamp:
        raise BadUpdate("the timestamp is not the signed one")
    if str(body.get("app_id", app_id)) != app_id:
        raise BadUpdate("a delivery for another app")
    name = body.get("event_name")
    if not isinstance(name, str):
        raise BadUpdate("no event_name")
    when = int(timestamp)
    if name in ("follow", "unfollow"):
        user = _id(body.get("follower")) or _id(body.get("sender"))
        if user is None:
            raise BadUpdate(f"{name} without follower.id")
        return Event(name, user, when, f"{name}:{user}:{timestamp}")
    if name not in MESSAGE_EVENTS:
        return None
    user = _id(body.get("sender"))
    message = body.get("message")
    if user is None or not isinstance(message, dict):
        raise BadUpdate(f"{name} without sender.id or message")
    key = str(message.get("msg_id") or f"{name}:{user}:{timestamp}")
    text = message.get("text") if isinstance(message.get("text"), str) else None
    return Event(name, user, when, key, text=text, attachment=_attachment(name, message, text))


def _id(value: Any) -> str | None:
    if isinstance(value, dict) and value.get("id") not in (None, ""):
        return str(value["id"])
    return None


def _attachment(name: str, message: dict[str, Any], caption: str | None) -> Attachment | None:
    if name == "user_send_text":
        return None
    items = message.get("attachments")
    first: dict[str, Any] = items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}
    raw = first.get("payload")
    payload: dict[str, Any] = raw if isinstance(raw, dict) else {}
    url = payload.get("url") if isinstance(payload.get("url"), str) else None
    size, file_name = payload.get("size"), payload.get("name")
    kind = {"user_send_image": "photo", "user_send_file": "document", "user_send_sticker": "sticker"}.get(name, "other")
    return Attachment(kind=kind, file_id=url, url=url, name=file_name if isinstance(file_name, str) else None,
                      size=int(size) if isinstance(size, int | str) and str(size).isdigit() else None,
                      caption=caption)
