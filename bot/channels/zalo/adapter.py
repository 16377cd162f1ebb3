"""The Zalo channel: receives updates (long polling or webhook), hands them to
the router, and renders the replies as plain text.

Ordering and parallelism: every chat has its own FIFO of updates worked by one
task (``bot.channels.chat_order``), so one chat's updates are handled in order
while different chats run in parallel. Replays (same ``message_id``) are dropped here cheaply and again by
the router, which de-duplicates on ``Incoming.update_key``.

Delivery: the replies are sent in order with ``bot.core.delivery.send_replies``,
which settles the router's receipt; a reply that could not be sent waits in the
reply outbox and is sent again from there, before anything newer for that chat
(``bot/services/replies.py``), and a resend of the answer it acknowledges is
recognised there. This adapter keeps nothing undelivered in memory.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Callable
from functools import partial

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from bot.channels.chat_order import ChatQueues
from bot.channels.zalo import with_rate
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.media import fetch_photo
from bot.channels.zalo.models import ZaloUpdate, read_update
from bot.channels.zalo.outbox import OnUnreachable, Outbox
from bot.channels.zalo.render import render, to_incoming
from bot.core.delivery import send_replies
from bot.core.errors import BadToken, BadUpdate, ChannelError, ConfigError
from bot.core.messages import Channel, ChatKind, Incoming, Outgoing
from bot.core.ports import ChannelAdapter, Handler, UsageMeter
from bot.core.settings import Settings
from bot.core.tasks import reap
from bot.core.text import secret_matches
from bot.core.webhooks import json_object
from locales import t

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/zalo"
_SEEN_MAX = 10_000


class ZaloAdapter(ChannelAdapter):
    channel = Channel.ZALO
    durable_replies = True  # settles the router's receipts (bot.core.delivery)

    def __init__(
        self,
        client: ZaloClient,
        handler: Handler,
        *,
        on_unreachable: OnUnreachable | None = None,
        webhook_secret: str | None = None,
        use_webhook: bool = False,
        rate_per_second: float = 5.0,
        language: str = "vi",
        poll_timeout: int = 30,
        meter: UsageMeter | None = None,
        unreachable_after: dt.timedelta = dt.timedelta(hours=24),
        now: Callable[[], dt.datetime] | None = None,
        force_polling: bool = False,
        max_evidence_bytes: int = 20 * 1024 * 1024,
    ) -> None:
        if use_webhook and not webhook_secret:
            raise ConfigError("Zalo webhook mode needs DVBOT_ZALO_WEBHOOK_SECRET")
        self.client = client
        self.handler = handler
        self.capabilities = with_rate(rate_per_second)
        self._secret = webhook_secret
        self.use_webhook = use_webhook
        self.language = language
        self.outbox = Outbox(
            client,
            rate_per_second=rate_per_second,
            language=language,
            on_unreachable=on_unreachable,
            meter=meter,
            unreachable_after=unreachable_after,
            **({"now": now} if now is not None else {}),
        )
        self.meter = meter
        self.force_polling = force_polling
        self.max_evidence_bytes = max_evidence_bytes
        self._poll_timeout = poll_timeout
        self._chats = ChatQueues("zalo")
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._poller: asyncio.Task[None] | None = None
        self._stopped = False

    @classmethod
    def from_settings(
        cls, settings: Settings, handler: Handler, *, on_unreachable: OnUnreachable | None = None,
        meter: UsageMeter | None = None, force_polling: bool = False,
    ) -> ZaloAdapter:
        if settings.zalo_token is None:
            raise ConfigError("DVBOT_ZALO_TOKEN is not set")
        secret = settings.zalo_webhook_secret
        return cls(
            ZaloClient(settings.zalo_token.get_secret_value(), settings.zalo_api_base),
            handler,
            on_unreachable=on_unreachable,
            webhook_secret=secret.get_secret_value() if secret else None,
            use_webhook=bool(settings.webhook_url),
            rate_per_second=settings.zalo_rate_per_second,
            language=settings.locale,
            meter=meter,
            unreachable_after=dt.timedelta(hours=settings.zalo_unreachable_after_hours),
            force_polling=force_polling,
            max_evidence_bytes=settings.max_evidence_bytes,
        )

    # -- lifecycle -----------------------------------------------------------

    async def start(self) -> None:
        """Check the token (``BadToken`` if refused) and read a quota pause
        recorded earlier. In polling mode a webhook that is set (getUpdates
        does not work while one is) is a production bot's: refuse to start
        (``ConfigError`` naming ``dvbot zalo delete-webhook``) unless
        ``force_polling``, which deletes it; then start polling."""
        self._stopped = False
        me = await self.client.get_me()
        log.info("zalo bot %s (%s) ready, %s", me.account_name, me.id,
                 "webhook" if self.use_webhook else "long polling")
        if self.meter is not None:
            self.outbox.paused_until = await self.meter.paused_until()
        if self.use_webhook:
            return
        info = await self.client.get_webhook_info()
        if info.url and not self.force_polling:
            raise ConfigError(
                "Zalo has a webhook set for this bot, so long polling would receive nothing, and deleting it "
                "would silence the bot where it runs with DVBOT_WEBHOOK_URL. Run `dvbot zalo delete-webhook` "
                "first, set DVBOT_WEBHOOK_URL to use the webhook, or start with `dvbot run --force`."
            )
        if info.url:
            log.warning("zalo: a webhook was set; deleting it to use long polling (--force)")
            await self.client.delete_webhook()
        self._poller = asyncio.create_task(self._poll(), name="zalo-poll")

    async def stop(self, drain_seconds: float = 10.0) -> None:
        """Stop receiving, let running chats finish (up to ``drain_seconds``),
        close the HTTP client. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        poller, self._poller = self._poller, None
        if poller is not None:
            await reap(poller, "zalo: polling", log)
        await self._chats.drain(drain_seconds)
        await self.client.aclose()

    async def join(self) -> None:
        """Wait until every update received so far has been handled (tests)."""
        await self._chats.join()

    def routes(self) -> list[BaseRoute]:
        if not self.use_webhook:
            return []
        return [Route(WEBHOOK_PATH, self._webhook, methods=["POST"])]

    # -- receiving -----------------------------------------------------------

    async def _poll(self) -> None:
        delay = 1.0
        while not self._stopped:
            try:
                updates = await self.client.get_updates(self._poll_timeout)
            except BadToken:
                log.error("zalo: the bot token was refused; polling stopped")
                return
            except ChannelError as exc:
                log.warning("zalo: getUpdates failed (%s); retrying in %.0fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
                continue
            except Exception:
                log.exception("zalo: unexpected error while polling")
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
                continue
            delay = 1.0
            for update in updates:
                self.dispatch(update)

    async def _webhook(self, request: Request) -> JSONResponse:
        assert self._secret is not None
        if not secret_matches(request.headers.get("X-Bot-Api-Secret-Token"), self._secret):
            return JSONResponse({"ok": False, "description": "forbidden"}, status_code=403)
        try:
            # Documented wrapped like getUpdates ({"ok", "result"}); also seen bare.
            update = read_update(json_object(await request.body()))
        except BadUpdate as exc:
            return _refused(str(exc))
        self.dispatch(update)
        return JSONResponse({"ok": True})

    def dispatch(self, update: ZaloUpdate) -> None:
        """Queue ``update`` on its chat's FIFO (a replay is dropped)."""
        incoming = to_incoming(update)
        if incoming is None:
            log.info("zalo: ignoring %s without a message", update.event)
            return
        key = incoming.update_key or ""
        if key in self._seen:
            log.info("zalo: replayed message %s dropped", key)
            return
        self._seen[key] = None
        if len(self._seen) > _SEEN_MAX:
            self._seen.popitem(last=False)
        self._chats.put(incoming.chat_id, partial(self._process, incoming))

    async def _process(self, incoming: Incoming) -> None:
        chat_id = incoming.chat_id
        incoming, refused = await fetch_photo(self.client, incoming, self.max_evidence_bytes, self._lang(chat_id))
        if refused is not None:
            await self._deliver(chat_id, [Outgoing(refused)])
            return
        try:
            replies = await self.handler(incoming)
        except Exception:
            log.exception("zalo: handler failed on message %s", incoming.update_key)
            replies = [Outgoing(t("zalo.retry", self._lang(chat_id)))]
        if not replies and incoming.unsupported and incoming.chat_kind is ChatKind.PRIVATE:
            key = "zalo.sticker" if incoming.attachment and incoming.attachment.kind == "sticker" else "zalo.unsupported"
            replies = [Outgoing(t(key, self._lang(chat_id)))]
        await self._deliver(chat_id, replies)

    # -- sending -------------------------------------------------------------

    async def send(self, chat_id: str, message: Outgoing) -> str:
        """Sender API: deliver one message now; channel errors are raised
        (``ChatUnreachable`` after it has been recorded)."""
        last = ""
        for part in render(message, message.lang or self._lang(chat_id)):
            last = await self.outbox.send_text(chat_id, part)
        return last

    def _lang(self, chat_id: str) -> str:
        return self.outbox.langs.get(chat_id, self.language)

    async def _deliver(self, chat_id: str, replies: list[Outgoing]) -> None:
        """The replies to an update, in order (``send_replies`` settles their receipt)."""

        async def one(reply: Outgoing) -> None:
            if reply.channel not in (None, Channel.ZALO) or reply.chat_id not in (None, chat_id):
                log.warning("zalo: a reply for another chat dropped")  # the router delivers those
                return
            if reply.lang:
                self.outbox.langs[chat_id] = reply.lang
                if len(self.outbox.langs) > _SEEN_MAX:  # keep it bounded: forget the oldest
                    self.outbox.langs.pop(next(iter(self.outbox.langs)))
            await self.send(chat_id, reply)

        await send_replies(replies, one)


def _refused(reason: str) -> JSONResponse:
    """An authenticated body that is no update: one warning line, 400 (Zalo
    does not resend what it was told is bad)."""
    log.warning("zalo webhook: body refused (%s)", reason)
    return JSONResponse({"ok": False, "description": "bad update"}, status_code=400)


__all__ = ["WEBHOOK_PATH", "OnUnreachable", "ZaloAdapter"]
