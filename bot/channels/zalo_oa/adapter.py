"""The Zalo OA channel: the ``/zalo-oa`` webhook, per-person ordering, sending.

A delivery is checked before anything else: the MAC on the raw body
(``events.verify``; a wrong one names the key it points to), then the
timestamp's age (``max_skew``), then the replay (``msg_id`` seen here; the
router's database guard catches one seen by another replica). It is answered
200 at once and handled after, one person's events in order, different
people in parallel (``bot.channels.chat_order``, as every adapter). A person's message reopens their reply windows
(``Contacts.inbound``); a send outside the 7-day window is not attempted
(``OutsideWindow``), and is remembered so that the person is asked, when
they next write, to keep the conversation alive. Replies go through the reply
outbox like every durable channel's (``bot.core.delivery.send_replies``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from bot.channels.chat_order import ChatQueues
from bot.channels.zalo_oa import CAPABILITIES, capabilities
from bot.channels.zalo_oa.client import OAClient, quota_resets
from bot.channels.zalo_oa.events import SIGNATURE_HEADER, Event, parse, verify
from bot.channels.zalo_oa.freshness import REFRESH_EVERY, keep_fresh
from bot.channels.zalo_oa.render import FILE_PART, pressed, render
from bot.core.clock import from_ms
from bot.core.delivery import send_replies
from bot.core.errors import BadUpdate, ChannelError, InvalidInput, OutsideWindow, QuotaExceeded
from bot.core.messages import Attachment, Channel, Incoming, Outgoing
from bot.core.oauth import Contacts
from bot.core.ports import ChannelAdapter, Handler
from bot.core.settings import Settings
from bot.core.tasks import reap
from bot.core.webhooks import json_object
from locales import t

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/zalo-oa"
WINDOW = dt.timedelta(days=7)  # consultation messages only within 7 days of the person's last message
FREE_WINDOW = dt.timedelta(hours=48)  # within 48 h replies are free; later ones count against the package
_SEEN_MAX = 10_000
# The time between two good deliveries recorded (``dvbot zalo-oa status``'s
# "last good delivery"): a write per delivery was about 4 % of an answer's CPU.
# A refused delivery is always recorded, and the good one after it at once.
HEALTH_EVERY = dt.timedelta(seconds=60)
OnUnreachable = Callable[[Channel, str, str], Awaitable[None]]
Now = Callable[[], dt.datetime]
SIGNATURE_HINT = ("the signature does not match: DVBOT_ZALO_OA_WEBHOOK_SECRET must be the OA Secret Key "
                  "shown on the app's Webhook page (not the app's secret key, DVBOT_ZALO_OA_SECRET_KEY)")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ZaloOAAdapter(ChannelAdapter):
    channel = Channel.ZALO_OA
    refresh_every = REFRESH_EVERY  # seconds between token looks (freshness.py)
    durable_replies = True  # settles the router's receipts (bot.core.delivery)

    def __init__(self, client: OAClient, handler: Handler, contacts: Contacts, *, app_id: str,
                 webhook_secret: str, on_unreachable: OnUnreachable | None = None,
                 max_skew: float = 300.0, language: str = "vi", settings: Settings | None = None,
                 now: Now = _utcnow) -> None:
        self.client, self.handler, self.contacts = client, handler, contacts
        self.app_id, self._secret = app_id, webhook_secret
        self.capabilities = capabilities(settings) if settings else CAPABILITIES
        self.on_unreachable, self.max_skew, self.language, self.now = on_unreachable, max_skew, language, now
        self._chats = ChatQueues("zalo-oa")
        self._seen: OrderedDict[str, None] = OrderedDict()
        self.langs: dict[str, str] = {}
        self.refused_signatures = 0
        self.on_webhook: Callable[[str | None], Awaitable[None]] | None = None  # health, set by the shell
        self.prepare: Callable[[], Awaitable[None]] | None = None  # at start (seeding the tokens), set by the shell
        self.max_evidence = settings.max_evidence_bytes if settings else 20 * 1024 * 1024
        self._fresh: asyncio.Task[None] | None = None  # keep_fresh, from start to stop
        self._good_since: dt.datetime | None = None  # when a good delivery was last recorded

    # -- lifecycle -----------------------------------------------------------

    async def start(self) -> None:
        if self.prepare is not None:
            await self.prepare()
        self._fresh = asyncio.create_task(keep_fresh(self.client.tokens, self.refresh_every))
        log.info("zalo-oa: app %s ready, webhook %s", self.app_id, WEBHOOK_PATH)

    async def stop(self, drain_seconds: float = 10.0) -> None:
        await self._chats.drain(drain_seconds)
        if self._fresh is not None:
            await reap(self._fresh, "zalo-oa token refresher", log)
        await self.client.aclose()

    async def join(self) -> None:
        """Wait until every delivery received so far has been handled (tests)."""
        await self._chats.join()

    def routes(self) -> list[BaseRoute]:
        return [Route(WEBHOOK_PATH, self._webhook, methods=["POST"])]

    # -- receiving -----------------------------------------------------------

    async def _webhook(self, request: Request) -> JSONResponse:
        raw = await request.body()
        timestamp = verify(request.headers.get(SIGNATURE_HEADER), self.app_id, raw, self._secret)
        if timestamp is None:
            self.refused_signatures += 1
            log.warning("zalo-oa webhook refused: %s", SIGNATURE_HINT)
            await self._health(SIGNATURE_HINT)
            return JSONResponse({"error": 1, "message": "bad signature"}, status_code=401)
        age = (self.now() - dt.datetime.fromtimestamp(int(timestamp) / 1000, dt.UTC)).total_seconds()
        if abs(age) > self.max_skew:
            log.warning("zalo-oa webhook refused: timestamp %.0f s away (limit %.0f s)", age, self.max_skew)
            return JSONResponse({"error": 1, "message": "stale"}, status_code=403)
        try:
            event = parse(json_object(raw), self.app_id, timestamp)
        except BadUpdate as exc:
            log.warning("zalo-oa webhook: body refused (%s)", exc)
            return JSONResponse({"error": 1, "message": "bad update"}, status_code=400)
        await self._health(None)
        if event is None:
            return JSONResponse({"error": 0, "message": "ignored"})
        if event.key in self._seen:
            log.info("zalo-oa: replayed delivery %s dropped", event.key)
            return JSONResponse({"error": 0, "message": "duplicate"})
        self._seen[event.key] = None
        if len(self._seen) > _SEEN_MAX:
            self._seen.popitem(last=False)
        self.dispatch(event)
        return JSONResponse({"error": 0, "message": "ok"})

    async def _health(self, refused: str | None) -> None:
        """Record a delivery's health: a refused one always, a good one at most
        every ``HEALTH_EVERY`` while nothing was refused meanwhile."""
        if self.on_webhook is None:
            return
        now = self.now()
        if refused is None and self._good_since is not None and now - self._good_since < HEALTH_EVERY:
            return
        self._good_since = now if refused is None else None
        try:
            await self.on_webhook(refused)
        except Exception:
            self._good_since = None
            log.exception("zalo-oa: recording the webhook's health failed")

    def dispatch(self, event: Event) -> None:
        """Queue ``event`` after the person's earlier ones."""
        self._chats.put(event.user_id, partial(self._process, event))

    async def _process(self, event: Event) -> None:
        at = from_ms(event.timestamp_ms) or self.now()
        if event.name == "unfollow":
            await self.contacts.follow(event.user_id, False, at)
            if self.on_unreachable is not None:
                await self.on_unreachable(self.channel, event.user_id, "unfollowed the Official Account")
            return
        held = await self.contacts.inbound(event.user_id, at)  # a follow is an interaction too
        if event.name == "follow":
            await self._deliver(event.user_id, [Outgoing(t("zalo_oa.greet", self._lang(event.user_id)))])
            return
        incoming = self._incoming(event)
        if incoming.attachment is not None and incoming.attachment.kind in ("photo", "document"):
            kept = await self._keep(event.user_id, incoming.attachment)
            if isinstance(kept, Outgoing):  # too large: said, and not handed to the router
                await self._deliver(event.user_id, [kept])
                return
            incoming = replace(incoming, attachment=kept)
        replies = await self._handle(incoming)
        if held:  # before the replies, and not one of them (their receipt counts those)
            await self._deliver(event.user_id, [Outgoing(t("zalo_oa.window_reopened", self._lang(event.user_id)))])
        await self._deliver(event.user_id, replies)

    def _incoming(self, event: Event) -> Incoming:
        choice = pressed(event.text) if event.name == "user_send_text" else None
        sticker = event.name == "user_send_sticker"
        media = event.name in ("user_send_image", "user_send_file")
        return Incoming(
            channel=self.channel, chat_id=event.user_id, user_id=event.user_id,
            text=None if choice is not None or media or sticker else (event.text or ""),
            choice=choice, attachment=event.attachment if (media or sticker) else None,
            update_key=event.key, unsupported=not (event.name == "user_send_text" or media),
            written_at=from_ms(event.timestamp_ms),
        )

    async def _keep(self, user_id: str, attachment: Attachment) -> Attachment | Outgoing:
        """Download the file Zalo links to at once (its CDN link does not last),
        at most ``max_evidence`` bytes, into ``Attachment.data``: the router
        keeps it in the evidence store (``bot.services.evidence``) as it does
        every channel's. A download that fails passes the link on, as the Bot
        Platform does."""
        lang = self._lang(user_id)
        if attachment.url is None:
            return attachment
        if attachment.size is not None and attachment.size > self.max_evidence:
            return Outgoing(t("zalo_oa.evidence_too_large", lang, mb=self.max_evidence // (1024 * 1024)))
        try:
            data = await self.client.download(attachment.url, self.max_evidence)
        except InvalidInput as exc:
            return Outgoing(t(exc.key, lang, **exc.params))
        except ChannelError as exc:
            log.warning("zalo-oa: evidence not downloaded (%s); its link is kept", exc)
            return attachment
        return replace(attachment, data=data, size=len(data))

    async def _handle(self, incoming: Incoming) -> list[Outgoing]:
        lang = self._lang(incoming.chat_id)
        try:
            replies = await self.handler(incoming)
        except Exception:
            log.exception("zalo-oa: handler failed on %s", incoming.update_key)
            return [Outgoing(t("zalo_oa.retry", lang))]
        if not replies and incoming.unsupported:
            sticker = incoming.attachment is not None and incoming.attachment.kind == "sticker"
            replies = [Outgoing(t("zalo_oa.sticker" if sticker else "zalo_oa.unsupported", lang))]
        return replies

    # -- sending -------------------------------------------------------------

    def _lang(self, chat_id: str) -> str:
        return self.langs.get(chat_id, self.language)

    async def _deliver(self, chat_id: str, replies: list[Outgoing]) -> None:
        """The replies to one delivery, in order: ``send_replies`` settles the
        router's receipt, and a reply not delivered waits in the reply outbox
        (``bot/services/replies.py``), which sends it again through :meth:`send`."""

        async def one(reply: Outgoing) -> None:
            if reply.channel not in (None, self.channel) or reply.chat_id not in (None, chat_id):
                log.warning("zalo-oa: a reply for another chat dropped")  # the router delivers those
                return
            if reply.lang:
                self.langs[chat_id] = reply.lang
                if len(self.langs) > _SEEN_MAX:
                    self.langs.pop(next(iter(self.langs)))
            await self._send_parts(chat_id, reply)

        await send_replies(replies, one)

    async def send(self, chat_id: str, message: Outgoing) -> str:
        """Sender API (reminders, notices): not attempted outside the 7-day
        window (``OutsideWindow``, remembered for when they next write)."""
        window = await self.contacts.window(chat_id)
        last = window.last_inbound_at
        if last is None or self.now() - last > WINDOW:
            reason = "no message from them in the last 7 days" if last else "they never wrote to the OA"
            await self.contacts.missed(chat_id, reason)
            raise OutsideWindow(f"zalo-oa: {chat_id}: outside the consultation window ({reason})")
        return await self._send_parts(chat_id, message)

    async def _send_parts(self, chat_id: str, message: Outgoing) -> str:
        last = ""
        for part in render(message, message.lang or self._lang(chat_id)):
            if FILE_PART in part:
                name, content = part[FILE_PART]
                part = {"attachment": {"type": "file", "payload": {"token": await self.client.upload_file(name, content)}}}
            last = await self._send_one(chat_id, part)
        return last

    async def _send_one(self, chat_id: str, part: dict[str, Any]) -> str:
        try:
            return await self.client.send(chat_id, part)
        except OutsideWindow as exc:
            await self.contacts.missed(chat_id, str(exc))
            raise
        except QuotaExceeded as exc:
            await self.contacts.quota_spent(quota_resets(self.now()), str(exc))
            raise


__all__ = ["FREE_WINDOW", "HEALTH_EVERY", "WEBHOOK_PATH", "WINDOW", "ZaloOAAdapter"]
