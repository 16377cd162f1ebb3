"""The channel registry of the composition root: for each :class:`Channel`,
its declared capabilities and the factory of its adapter.

A new channel is a package under ``bot/channels/`` declaring its
capabilities and an adapter, a :class:`Channel` member, and one entry in
:data:`CHANNELS`; nothing else names it. :func:`install` registers every
channel's capabilities in :mod:`bot.core.channels` for the rest of the
application — ``dvbot run`` and every CLI command call it at start-up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.channels import console, telegram, zalo, zalo_oa
from bot.core import channels as registry
from bot.core.messages import Channel
from bot.core.ports import ChannelAdapter, ChannelCapabilities, Handler, UsageMeter
from bot.core.settings import Settings

ChatCallback = Callable[[Channel, str, str], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Hooks:
    """What the application gives an adapter besides settings and the router."""

    on_unreachable: ChatCallback  # (channel, chat id, reason): a chat is gone for good
    on_migrate: ChatCallback  # (channel, old chat id, new chat id): a group changed id
    admin_chats: Callable[[], Awaitable[Sequence[str]]]  # chats that see the admin commands
    usage: UsageMeter | None = None  # a channel with a message quota counts its sends here
    force_polling: bool = False  # `dvbot run --force`: poll even where a webhook is set
    rt: Any = None  # the Runtime, for a channel whose state lives in the database (the Zalo OA's tokens)
    senders: Mapping[Channel, Any] = field(default_factory=dict)  # every running channel (alerts to admins)


AdapterFactory = Callable[[Settings, Handler, Hooks], ChannelAdapter | None]


@dataclass(frozen=True, slots=True)
class ChannelEntry:
    capabilities: Callable[[Settings], ChannelCapabilities]
    adapter: AdapterFactory | None = None  # None: not served by ``dvbot run`` (the console)


def _zalo(settings: Settings, handle: Handler, hooks: Hooks) -> ChannelAdapter | None:
    if settings.zalo_token is None:
        return None
    from bot.channels.zalo.adapter import ZaloAdapter

    return ZaloAdapter.from_settings(settings, handle, on_unreachable=hooks.on_unreachable, meter=hooks.usage,
                                     force_polling=hooks.force_polling)


def _telegram(settings: Settings, handle: Handler, hooks: Hooks) -> ChannelAdapter | None:
    if settings.telegram_token is None:
        return None
    from bot.channels.telegram.adapter import TelegramAdapter
    from handlers.commands import all_commands

    return TelegramAdapter.from_settings(
        settings, handle, commands=all_commands(), on_unreachable=hooks.on_unreachable,
        on_migrate=hooks.on_migrate, admin_chats=hooks.admin_chats,
    )


def _zalo_oa(settings: Settings, handle: Handler, hooks: Hooks) -> ChannelAdapter | None:
    if not settings.zalo_oa_on:
        return None
    from bot.shell import zalo_oa as wiring

    return wiring.adapter(settings, handle, hooks.rt, hooks.senders, hooks.on_unreachable)


CHANNELS: dict[Channel, ChannelEntry] = {
    Channel.CONSOLE: ChannelEntry(lambda _settings: console.CAPABILITIES),
    Channel.ZALO: ChannelEntry(zalo.capabilities, _zalo),
    Channel.TELEGRAM: ChannelEntry(telegram.capabilities, _telegram),
    Channel.ZALO_OA: ChannelEntry(zalo_oa.capabilities, _zalo_oa),
}


def install(settings: Settings) -> None:
    """Register every channel's capabilities (the send rates are settings)."""
    for channel, entry in CHANNELS.items():
        registry.register(channel, entry.capabilities(settings))
