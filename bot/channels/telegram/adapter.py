"""The Telegram channel on python-telegram-bot 22.

Updates (long polling, or the ``/telegram`` webhook on the shared server)
become :class:`~bot.core.messages.Incoming` for the router, different chats in
parallel and one chat's in order (``ordering.PerChatProcessor``); its replies are sent
back with inline keyboards (``callback_data`` = the option's value).
A pressed button is answered, and its message edited to show the choice.
Sends go through PTB's ``AIORateLimiter`` (which honours 429 ``retry_after``),
its overall cap a sliding window (``ratelimit.py``), at the configured caps (``DVBOT_TELEGRAM_*MAX_RATE``; 0: off);
failures surface as the error tree's channel errors, and a chat that is gone
for good is reported to ``on_unreachable``. The replies to an update are sent
with ``bot.core.delivery.send_replies``, which settles the router's receipt: a
reply not delivered waits in the reply outbox and is sent again from there.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol

from starlette.routing import BaseRoute
from telegram import Message, Update
from telegram import error as tg
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackContext,
    CallbackQueryHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot.channels.telegram import CAPABILITIES, files, presses, render
from bot.channels.telegram.commands import CommandSpec, publish_commands
from bot.channels.telegram.ordering import PerChatProcessor
from bot.channels.telegram.ratelimit import WindowedRateLimiter
from bot.channels.telegram.send import edit_into, send_outgoing
from bot.channels.telegram.webhook import PATH, webhook_route
from bot.core.delivery import send_replies
from bot.core.errors import ChannelError, ConfigError
from bot.core.messages import Channel, Outgoing
from bot.core.ports import ChannelAdapter, Handler, Sender
from bot.core.settings import TELEGRAM_SECRET, Settings
from locales import t

log = logging.getLogger(__name__)

ChatCallback = Callable[[Channel, str, str], Awaitable[None]]
ALLOWED_UPDATES = ["message", "callback_query"]
_MESSAGES = filters.UpdateType.MESSAGE


class _Ctx(Protocol):
    error: BaseException | None


class TelegramAdapter(ChannelAdapter):
    channel = Channel.TELEGRAM
    capabilities = CAPABILITIES
    durable_replies = True  # settles the router's receipts (bot.core.delivery)

    def __init__(
        self, *, token: str, handler: Handler, tzinfo: dt.tzinfo, max_evidence_bytes: int,
        api_base: str = "https://api.telegram.org", webhook_url: str | None = None,
        webhook_secret: str | None = None, commands: Sequence[CommandSpec] = (),
        admin_chats: Callable[[], Awaitable[Sequence[str]]] | None = None,
        on_unreachable: ChatCallback | None = None, on_migrate: ChatCallback | None = None,
        others: Mapping[Channel, Sender] | None = None, language: str = "vi",
        poll_timeout: float = 10, max_retries: int = 3, max_rate: float = 30, group_max_rate: float = 20,
    ) -> None:
        if webhook_url and not webhook_secret:
            raise ConfigError("DVBOT_TELEGRAM_WEBHOOK_SECRET is required with DVBOT_WEBHOOK_URL")
        if webhook_secret is not None and not TELEGRAM_SECRET.fullmatch(webhook_secret):
            raise ConfigError("DVBOT_TELEGRAM_WEBHOOK_SECRET: 1-256 characters of A-Z a-z 0-9 _ -")
        self._handler, self._commands, self._admin_chats = handler, commands, admin_chats
        self._on_unreachable, self._on_migrate = on_unreachable, on_migrate
        self._others = dict(others or {})
        self._webhook_url = webhook_url.rstrip("/") + PATH if webhook_url else None
        self._secret = webhook_secret
        self._max_bytes, self._lang, self._poll_timeout = max_evidence_bytes, language, poll_timeout
        base = api_base.rstrip("/")
        self._processor = PerChatProcessor()
        self.app: Application[Any, Any, Any, Any, Any, Any] = (
            ApplicationBuilder()
            .token(token)
            .base_url(f"{base}/bot")
            .base_file_url(f"{base}/file/bot")
            .rate_limiter(WindowedRateLimiter(max_rate, group_max_rate=group_max_rate, max_retries=max_retries))
            .defaults(Defaults(tzinfo=tzinfo))
            .concurrent_updates(self._processor)
            .build()
        )
        self._install_handlers()
        self._running = False

    @classmethod
    def from_settings(cls, settings: Settings, handler: Handler, **kw: Any) -> TelegramAdapter:
        if settings.telegram_token is None:
            raise ConfigError("DVBOT_TELEGRAM_TOKEN is not set")
        secret = settings.telegram_webhook_secret
        return cls(
            token=settings.telegram_token.get_secret_value(), handler=handler,
            tzinfo=settings.tz, max_evidence_bytes=settings.max_evidence_bytes,
            api_base=settings.telegram_api_base, webhook_url=settings.webhook_url,
            webhook_secret=secret.get_secret_value() if secret else None,
            language=settings.locale, max_rate=settings.telegram_max_rate,
            group_max_rate=settings.telegram_group_max_rate, **kw,
        )

    def _install_handlers(self) -> None:
        add = self.app.add_handler
        add(MessageHandler(_MESSAGES & filters.StatusUpdate.MIGRATE, self._on_migrate_update))
        add(MessageHandler(_MESSAGES & filters.StatusUpdate.NEW_CHAT_MEMBERS, self._on_added))
        add(CallbackQueryHandler(self._on_callback))
        add(MessageHandler(_MESSAGES & (filters.Document.ALL | filters.PHOTO), self._on_file))
        add(MessageHandler(_MESSAGES & filters.TEXT, self._on_text))
        add(MessageHandler(_MESSAGES & filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL,
                           self._on_unsupported))
        self.app.add_error_handler(self._on_error)

    # ---- life cycle --------------------------------------------------------------------

    async def start(self) -> None:
        await self.app.initialize()
        await publish_commands(self.app.bot, self._commands, self._admin_chats)
        await self.app.start()
        self._running = True
        if self._webhook_url:
            await self.set_webhook()
        else:
            assert self.app.updater is not None
            await self.app.updater.start_polling(
                timeout=int(self._poll_timeout), allowed_updates=ALLOWED_UPDATES
            )
        log.info("telegram: @%s %s", self.app.bot.username,
                 "webhook " + self._webhook_url if self._webhook_url else "polling")

    async def stop(self) -> None:
        if self._running:
            self._running = False
            if self.app.updater is not None and self.app.updater.running:
                await self.app.updater.stop()
            await self.app.stop()
            await self.app.shutdown()
        else:
            await self.app.bot.shutdown()

    def routes(self) -> list[BaseRoute]:
        if not self._webhook_url or self._secret is None:
            return []
        return [webhook_route(self.app, self._secret)]

    # ---- operations (also used by ``dvbot telegram``) -----------------------------------

    async def username(self) -> str:
        await self.app.bot.initialize()
        return self.app.bot.username

    async def deep_link(self, code: str) -> str:
        """``https://t.me/<bot>?start=<code>``: opens the bot and sends ``/start <code>``."""
        return f"https://t.me/{await self.username()}?start={render.check_payload(code)}"

    async def private_chat_link(self) -> str:
        return f"https://t.me/{await self.username()}"

    async def bot_username(self) -> str | None:
        return await self.username()

    async def set_webhook(self, url: str | None = None) -> None:
        await self.app.bot.initialize()
        await self.app.bot.set_webhook(
            url or self._webhook_url or "", secret_token=self._secret,
            allowed_updates=ALLOWED_UPDATES,
        )

    async def delete_webhook(self) -> None:
        await self.app.bot.initialize()
        await self.app.bot.delete_webhook()

    async def webhook_info(self) -> dict[str, Any]:
        await self.app.bot.initialize()
        return (await self.app.bot.get_webhook_info()).to_dict()

    async def wait_handled(self, update_id: int, within: float = 10) -> None:
        """Wait until updates up to ``update_id`` are handled and answered."""
        await self._processor.wait_settled(update_id, within)

    # ---- sending -----------------------------------------------------------------------

    async def send(self, chat_id: str, message: Outgoing) -> str:
        try:
            return await send_outgoing(self.app.bot, chat_id, message)
        except tg.TelegramError as exc:
            err = render.map_error(exc)
            if isinstance(err, render.ChatUnreachable) and self._on_unreachable is not None:
                await self._on_unreachable(Channel.TELEGRAM, chat_id, str(exc)[:300])
            raise err from exc

    async def _reply(self, chat_id: str, replies: list[Outgoing], pressed: Message | None = None) -> None:
        """The replies to an update, in order; ``send_replies`` settles their receipt."""

        async def one(out: Outgoing) -> None:
            target = out.chat_id or chat_id
            other = self._others.get(out.channel) if out.channel not in (None, Channel.TELEGRAM) else self
            if other is None:
                raise ChannelError(f"no {out.channel} sender for a reply")
            if other is self and out.edit_previous and pressed is not None and target == chat_id:
                await edit_into(self.app.bot, target, out, pressed)
            else:
                await other.send(target, out)

        await send_replies(replies, one)

    # ---- updates -----------------------------------------------------------------------

    async def _dispatch(self, update: Update, pressed: Message | None = None, **kw: Any) -> None:
        incoming = render.incoming_of(update, **kw)
        replies = await self._handler(incoming)
        await self._reply(incoming.chat_id, replies, pressed)

    async def _on_text(self, update: Update, _ctx: CallbackContext[Any, Any, Any, Any]) -> None:
        msg, chat = update.effective_message, update.effective_chat
        assert msg is not None and chat is not None and msg.text is not None
        if not msg.text.startswith("/") and chat.type != chat.PRIVATE:
            return  # group chatter is for people, not for the bot
        if msg.text.startswith("/") and not render.addressed_to(msg.text, self.app.bot.username):
            return
        admin = await presses.is_chat_admin(self.app.bot, msg) if chat.type != chat.PRIVATE else None
        await self._dispatch(update, text=msg.text, is_chat_admin=admin)

    async def _on_file(self, update: Update, _ctx: CallbackContext[Any, Any, Any, Any]) -> None:
        msg, chat = update.effective_message, update.effective_chat
        assert msg is not None and chat is not None
        if chat.type != chat.PRIVATE:
            return
        attachment = render.attachment_of(msg)
        if attachment is not None and (attachment.size or 0) > self._max_bytes:
            lang = self._language(update)
            mb = f"{self._max_bytes / 1_048_576:.0f}"
            size = f"{(attachment.size or 0) / 1_048_576:.1f}"
            text = t("telegram.file_too_large", lang, name=attachment.name or "", size=size, limit=mb)
            await self._reply(str(chat.id), [Outgoing(text=text)])
            return
        await self._dispatch(update, attachment=await files.fetched(self.app.bot, attachment), text=msg.caption)

    async def _on_unsupported(self, update: Update, _ctx: CallbackContext[Any, Any, Any, Any]) -> None:
        await self._dispatch(update, unsupported=True)

    async def _on_callback(self, update: Update, _ctx: CallbackContext[Any, Any, Any, Any]) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        pressed = query.message if isinstance(query.message, Message) else None
        data = query.data or ""
        incoming = render.incoming_of(update, choice=data)
        replies = await self._handler(incoming)
        if pressed is not None and any(r.press_refused for r in replies):
            await presses.retire_keyboard(pressed)
        elif pressed is not None and not any(r.edit_previous for r in replies):
            await presses.mark_chosen(pressed, data, self._lang)
        await self._reply(incoming.chat_id, replies, pressed)

    async def _on_migrate_update(self, update: Update, _ctx: CallbackContext[Any, Any, Any, Any]) -> None:
        msg = update.effective_message
        assert msg is not None
        if msg.migrate_to_chat_id and self._on_migrate is not None:
            await self._on_migrate(Channel.TELEGRAM, str(msg.chat_id), str(msg.migrate_to_chat_id))

    async def _on_added(self, update: Update, _ctx: CallbackContext[Any, Any, Any, Any]) -> None:
        msg = update.effective_message
        assert msg is not None
        if any(u.id == self.app.bot.id for u in msg.new_chat_members):
            await self._reply(str(msg.chat_id), [Outgoing(text=t("telegram.group_added", self._lang))])

    def _language(self, update: Update) -> str:
        return render.language_of(update, self._lang)

    async def _on_error(self, update: object, ctx: _Ctx) -> None:
        if isinstance(ctx.error, tg.NetworkError) and not isinstance(update, Update):
            log.warning("telegram: %s", ctx.error)
            return
        log.error("telegram update failed", exc_info=ctx.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                text = t("telegram.error", self._language(update))
                await self.app.bot.send_message(update.effective_chat.id, text)
            except tg.TelegramError as exc:
                log.warning("could not apologise in %s: %s", update.effective_chat.id, exc)
