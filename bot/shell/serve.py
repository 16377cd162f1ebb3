"""``dvbot run`` with real channels: the wiring of the running bot.

Builds the runtime and the router, one adapter per configured channel, the
reminder scheduler, and — in webhook mode — one Starlette app served by
uvicorn for every platform. Stops cleanly on SIGINT/SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import signal
from typing import Any

from bot.core.messages import Channel
from bot.core.ports import ChannelAdapter
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell.webhook import create_app
from handlers.router import Router
from storage.officers import mark_unreachable
from storage.sessions import forget_updates_before

log = logging.getLogger(__name__)


def build_adapters(settings: Settings, router: Router, rt: Runtime) -> list[ChannelAdapter]:
    async def on_unreachable(channel: Channel, chat_id: str, reason: str) -> None:
        async with rt.begin() as conn:
            await mark_unreachable(conn, str(channel), chat_id, reason, rt.clock.now())

    adapters: list[Any] = []
    if settings.zalo_token is not None:
        from bot.channels.zalo.adapter import ZaloAdapter

        adapters.append(ZaloAdapter.from_settings(settings, router.handle, on_unreachable=on_unreachable))
    if settings.telegram_token is not None:
        from bot.channels.telegram.adapter import TelegramAdapter
        from handlers.commands import all_commands
        from handlers.flows import groups

        adapters.append(TelegramAdapter.from_settings(
            settings, router.handle, commands=all_commands(),
            **groups.adapter_callbacks(rt, Channel.TELEGRAM),  # on_unreachable, on_migrate, admin_chats
        ))
    return adapters


async def start_adapter(adapter: ChannelAdapter, rt: Runtime) -> None:
    await adapter.start()
    link = getattr(adapter, "private_chat_link", None)
    if link is not None:  # Telegram: group replies point people to the private chat
        from handlers.flows import groups

        groups.set_private_chat_link(adapter.channel, await link())
    username = getattr(adapter, "username", None)
    if username is not None and rt.settings.telegram_bot_username is None:
        rt.settings.telegram_bot_username = await username()  # /moi then offers t.me links


KEEP_UPDATE_KEYS = dt.timedelta(days=7)


async def housekeeping(rt: Runtime, every: float = 3600.0) -> None:
    """Forget de-duplication keys older than a week (platforms replay within minutes)."""
    while True:
        try:
            async with rt.begin() as conn:
                await forget_updates_before(conn, rt.clock.now() - KEEP_UPDATE_KEYS)
        except Exception:  # never let housekeeping take the bot down
            log.exception("housekeeping failed")
        await asyncio.sleep(every)


def _start_reminders(rt: Runtime, router: Router) -> Any:
    try:
        from bot.shell.scheduler import start_scheduler
    except ModuleNotFoundError:  # pragma: no cover - reminders not installed
        log.warning("reminder scheduler not available")
        return None
    return start_scheduler(rt, router.senders)


async def serve_async(settings: Settings, stop: asyncio.Event | None = None) -> None:
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Signal handlers exist only on Unix and in the main thread; elsewhere
        # (tests, embedding) the caller stops the bot by setting ``stop``.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    rt = await Runtime.open(settings)
    router = Router(rt)
    adapters = build_adapters(settings, router, rt)
    router.senders.update({a.channel: a for a in adapters})
    scheduler = None
    chores: asyncio.Task[None] | None = None
    server_task: asyncio.Task[None] | None = None
    try:
        for adapter in adapters:
            await start_adapter(adapter, rt)
            log.info("channel %s started", adapter.channel)
        scheduler = _start_reminders(rt, router)
        chores = asyncio.create_task(housekeeping(rt))
        if settings.webhook_url:
            import uvicorn

            app = create_app([r for a in adapters for r in a.routes()])
            config = uvicorn.Config(app, host=settings.webhook_listen, port=settings.webhook_port,
                                    log_level="warning", lifespan="off")
            server = uvicorn.Server(config)
            server_task = asyncio.create_task(server.serve())
            log.info("webhook server on %s:%s", settings.webhook_listen, settings.webhook_port)
        await stop.wait()
    finally:
        if server_task is not None:
            server.should_exit = True
            with contextlib.suppress(Exception):
                await server_task
        if chores is not None:
            chores.cancel()
        if scheduler is not None:
            with contextlib.suppress(Exception):
                scheduler.shutdown(wait=False)
        for adapter in adapters:
            with contextlib.suppress(Exception):
                await adapter.stop()
        await rt.close()


def serve(settings: Settings) -> None:
    asyncio.run(serve_async(settings))
