"""The seams between the application and a chat platform.

* :class:`Handler` — what an adapter calls for every update: the router
  (``handlers.router.Router.handle``). It returns the replies for that chat
  (a :class:`~bot.core.delivery.Replies` with a receipt when they are durable:
  send them with :func:`~bot.core.delivery.send_replies`).
* :class:`Sender` — what the application calls to push a message to a chat
  that did not just write (reminders, notifications to admins/officers).
* :class:`ChannelAdapter` — a running channel: a Sender that can also start
  receiving (long polling) or expose webhook routes on the shared server.
* :class:`ChannelCapabilities` — what a channel can do (text limit, buttons,
  files, images, groups, send rates). Each channel package declares its own;
  the composition root registers them in :mod:`bot.core.channels`, where
  handlers and services ask instead of naming a channel.

Send failures are raised as the error tree's channel errors:
:class:`~bot.core.errors.ChatUnreachable` (permanent), :class:`~bot.core.errors.RateLimited`,
:class:`~bot.core.errors.TransientChannelError`, :class:`~bot.core.errors.BadToken`,
:class:`~bot.core.errors.QuotaExceeded`, :class:`~bot.core.errors.ChannelRequestRefused`.

* :class:`UsageMeter` — what a channel with a message quota (the Zalo Bot
  Platform) reports to: every message sent, the quota running out; it knows
  whether the channel is paused and tells admins (``bot/services/usage.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.core.messages import Channel, Incoming, Outgoing

if TYPE_CHECKING:  # a type only: a command that serves no webhook starts without Starlette
    from starlette.routing import BaseRoute

Handler = Callable[[Incoming], Awaitable[list[Outgoing]]]


@dataclass(frozen=True, slots=True)
class Rate:
    """At most ``count`` sends in any ``seconds`` window: ``Rate(30, 1.0)``
    allows a burst of 30 within a second; ``Rate.evenly(5)`` spaces sends
    0.2 s apart (for platforms that publish no burst allowance)."""

    count: int
    seconds: float

    def __post_init__(self) -> None:
        if self.count < 1 or self.seconds <= 0:
            raise ValueError("a rate needs count >= 1 and seconds > 0")

    @classmethod
    def evenly(cls, per_second: float) -> Rate:
        return cls(1, 1.0 / per_second)


@dataclass(frozen=True, slots=True)
class ChannelCapabilities:
    """What a channel can do; handlers, views and reminders decide by these."""

    text_limit: int  # characters in one message (adapters split longer texts)
    buttons: bool  # choices can be pressed (a typed number works everywhere)
    images: bool  # an image (e.g. a summary chart) is shown to the person
    files: bool  # a document (e.g. an Excel export) is delivered as a file
    # Where an image or file cannot be delivered, the adapter says so in the
    # chat (and where to find it), so attaching one is still worth it.
    notes_missing_media: bool
    groups: bool  # the bot can sit in group chats (roll-call reminders)
    edits: bool  # a sent message can be edited (a pressed keyboard retired)
    send_rate: Rate | None  # overall sending limit; None: none
    group_rate: Rate | None = None  # limit into one group chat; None: none
    file_types: frozenset[str] = frozenset()  # file name suffixes delivered (".docx"); empty: any
    file_limit: int | None = None  # bytes in one file; None: the platform's own limit

    def delivers(self, name: str, size: int) -> bool:
        """Whether a file called ``name`` of ``size`` bytes reaches the person as a file."""
        suffix = name[name.rfind("."):].lower() if "." in name else ""
        return (self.files and (not self.file_types or suffix in self.file_types)
                and (self.file_limit is None or size <= self.file_limit))


class Sender(Protocol):
    channel: Channel
    capabilities: ChannelCapabilities

    async def send(self, chat_id: str, message: Outgoing) -> str:
        """Deliver ``message``; return the platform message id (of the last part)."""
        ...


class ChannelAdapter(Sender, Protocol):
    # True when the adapter sends the router's replies with
    # ``bot.core.delivery.send_replies`` (which settles their receipt): only
    # then does ``dvbot run`` make that channel's replies durable.
    durable_replies: bool = False

    async def start(self) -> None:
        """Begin receiving: long polling in the background, or nothing for webhooks."""
        ...

    async def stop(self) -> None:
        """Stop receiving and release connections; idempotent."""
        ...

    def routes(self) -> list[BaseRoute]:
        """Webhook routes for the shared server (empty when polling)."""
        ...

    # Optional: adapters that subclass this Protocol inherit these defaults.

    async def private_chat_link(self) -> str | None:
        """A link that opens a private chat with the bot (group replies point
        people there); ``None`` where the platform has none."""
        return None

    async def bot_username(self) -> str | None:
        """The bot's public user name (for invite deep links), if it has one."""
        return None


class UsageMeter(Protocol):
    async def sent(self, count: int = 1) -> None:
        """``count`` more messages went out (admins hear of 80 % and 95 %)."""
        ...

    async def exceeded(self) -> dt.datetime:
        """The platform said the quota is spent: record the pause, tell admins
        once, return when sending may start again (UTC)."""
        ...

    async def paused_until(self) -> dt.datetime | None:
        """When a pause recorded earlier (by any replica) ends; ``None``: not paused."""
        ...
