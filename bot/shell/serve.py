"""``dvbot run`` with real channels: the wiring of the running bot.

Builds the runtime and the router, one adapter per configured channel (from
the registry in :mod:`bot.shell.channels`), the reminder scheduler, and — in webhook mode — one Starlette app served by
uvicorn for every platform. Stops cleanly on SIGINT/SIGTERM.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal
import sys
import threading
from collections.abc import Awaitable
from typing import Any

from bot.core.messages import Channel
from bot.core.ports import ChannelAdapter
from bot.core.settings import Settings
from bot.services import web_auth
from bot.services.runtime import Runtime
from bot.services.usage import ZaloUsage
from bot.shell.channels import CHANNELS, Hooks, install
from bot.shell.heap import startup_frozen
from bot.shell.webhook import create_app
from handlers.flood import FloodGate
from handlers.flows import groups
from handlers.router import Router
from storage.replies import forget_before as forget_replies_before
from storage.sessions import forget_updates_before

log = logging.getLogger(__name__)


def hooks_for(rt: Runtime, channel: Channel, router: Router | None = None, *, force_polling: bool = False) -> Hooks:
    """Marking chats unreachable, following group migrations, listing admin
    chats; for Zalo, the quota meter (its notices go out through ``router``);
    the runtime and the running senders (the Zalo OA's tokens and alerts)."""
    made: dict[str, Any] = groups.adapter_callbacks(rt, channel)
    meter = ZaloUsage(rt, router.deliver) if router is not None and channel is Channel.ZALO else None
    return Hooks(on_unreachable=made["on_unreachable"], on_migrate=made["on_migrate"],
                 admin_chats=made["admin_chats"], usage=meter, force_polling=force_polling,
                 rt=rt, senders=router.senders if router else {})


def build_adapters(
    settings: Settings, router: Router, rt: Runtime, *, force_polling: bool = False
) -> list[ChannelAdapter]:
    """One adapter per channel whose factory finds it configured."""
    adapters: list[ChannelAdapter] = []
    for channel, entry in CHANNELS.items():
        hooks = hooks_for(rt, channel, router, force_polling=force_polling)
        adapter = entry.adapter(settings, router.handle, hooks) if entry.adapter else None
        if adapter is not None:
            adapters.append(adapter)
    return adapters


async def start_adapter(adapter: ChannelAdapter, rt: Runtime) -> None:
    await adapter.start()
    link = await adapter.private_chat_link()
    if link is not None:  # group replies point people to the private chat
        groups.set_private_chat_link(adapter.channel, link)
    if adapter.channel is Channel.TELEGRAM and rt.settings.telegram_bot_username is None:
        rt.settings.telegram_bot_username = await adapter.bot_username()  # /moi then offers t.me links


KEEP_UPDATE_KEYS = dt.timedelta(days=7)
KEEP_REPLIES = dt.timedelta(days=7)
REDELIVER_EVERY = 2.0  # seconds between looks for replies to send again


async def housekeeping(rt: Runtime, every: float = 3600.0) -> None:
    """Forget de-duplication keys older than a week (platforms replay within
    minutes), delivered replies older than a week (they echo answers), and the
    web page's links and sessions a week after they lapsed."""
    while True:
        try:
            async with rt.begin() as conn:
                await forget_updates_before(conn, rt.clock.now() - KEEP_UPDATE_KEYS)
                await forget_replies_before(conn, rt.clock.now() - KEEP_REPLIES)
                await web_auth.prune(conn, now=rt.clock.now())  # the web page's lapsed links and sessions
        except Exception:  # never let housekeeping take the bot down
            log.exception("housekeeping failed")
        await asyncio.sleep(every)


async def redeliver(router: Router, every: float = REDELIVER_EVERY) -> None:
    """Send again the replies whose send failed or whose sender died (a crash
    before the send): at start, then every ``every`` seconds."""
    while True:
        try:
            await router.outbox.redeliver(router.senders)
        except Exception:  # a database hiccup: the next round tries again
            log.exception("redelivering replies failed")
        await asyncio.sleep(every)


def _start_reminders(rt: Runtime, router: Router) -> Any:
    try:
        from bot.shell.scheduler import start_scheduler
    except ModuleNotFoundError:  # pragma: no cover - reminders not installed
        log.warning("reminder scheduler not available")
        return None
    return start_scheduler(rt, router.senders)


async def serve_async(
    settings: Settings, stop: asyncio.Event | None = None, *, force_polling: bool = False
) -> None:
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    # Signal handlers exist only on Unix and in the main thread; elsewhere
    # (Windows, tests, embedding) the caller stops the bot by setting ``stop``.
    if sys.platform != "win32" and threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    install(settings)
    rt = await Runtime.open(settings)
    router = Router(rt, flood=FloodGate())  # one notice, not 50 replies, to a flooding chat
    adapters = build_adapters(settings, router, rt, force_polling=force_polling)
    router.senders.update({a.channel: a for a in adapters})
    # Replies are durable on every channel whose adapter settles their receipts.
    router.outbox.channels.update(a.channel for a in adapters if a.durable_replies)
    scheduler = None
    chores: list[asyncio.Task[None]] = []
    server_task: asyncio.Task[None] | None = None
    try:
        for adapter in adapters:
            await start_adapter(adapter, rt)
            log.info("channel %s started", adapter.channel)
        scheduler = _start_reminders(rt, router)
        chores = [asyncio.create_task(housekeeping(rt)), asyncio.create_task(redeliver(router))]
        if settings.webhook_url:
            import uvicorn

            from bot.shell import web

            # the admin's web page (/admin) beside the webhooks; a return's notice goes through the router
            app = create_app([*(r for a in adapters for r in a.routes()), web.mount(rt, router.deliver)])
            config = uvicorn.Config(app, host=settings.webhook_listen, port=settings.webhook_port,
                                    log_level="warning", lifespan="off")
            server = uvicorn.Server(config)
            server_task = asyncio.create_task(server.serve())
            log.info("webhook server on %s:%s", settings.webhook_listen, settings.webhook_port)
        with startup_frozen():  # what the bot started with is left out of garbage collection
            await stop.wait()
    finally:
        if server_task is not None:
            server.should_exit = True
            await settled(server_task, "the webhook server")
        for chore in chores:
            chore.cancel()
            await settled(chore, "a background chore")  # not mid-transaction when the runtime closes
        if scheduler is not None:
            from bot.shell.scheduler import stop_scheduler

            await settled(stop_scheduler(scheduler), "the reminder scheduler")
        for adapter in adapters:
            await settled(adapter.stop(), f"the {type(adapter).__name__}")
        await rt.close()


def serve(settings: Settings) -> None:
    asyncio.run(serve_async(settings))


async def settled(work: Awaitable[object], what: str) -> None:
    """Wait for ``work`` while shutting down: a failure there must not stop the
    rest of the shutdown, but it is logged (one line), never swallowed."""
    try:
        await work
    except asyncio.CancelledError:
        return  # a cancelled chore ending as asked
    except Exception as exc:
        log.warning("shutting down %s failed: %s: %s", what, type(exc).__name__, exc)
