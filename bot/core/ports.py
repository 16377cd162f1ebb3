"""The seams between the application and a chat platform.

* :class:`Handler` — what an adapter calls for every update: the router
  (``handlers.router.Router.handle``). It returns the replies for that chat.
* :class:`Sender` — what the application calls to push a message to a chat
  that did not just write (reminders, notifications to admins/officers).
* :class:`ChannelAdapter` — a running channel: a Sender that can also start
  receiving (long polling) or expose webhook routes on the shared server.

Send failures are raised as the error tree's channel errors:
:class:`~bot.core.errors.ChatUnreachable` (permanent), :class:`~bot.core.errors.RateLimited`,
:class:`~bot.core.errors.TransientChannelError`, :class:`~bot.core.errors.BadToken`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from starlette.routing import BaseRoute

from bot.core.messages import Channel, Incoming, Outgoing

Handler = Callable[[Incoming], Awaitable[list[Outgoing]]]


class Sender(Protocol):
    channel: Channel

    async def send(self, chat_id: str, message: Outgoing) -> str:
        """Deliver ``message``; return the platform message id (of the last part)."""
        ...


class ChannelAdapter(Sender, Protocol):
    async def start(self) -> None:
        """Begin receiving: long polling in the background, or nothing for webhooks."""
        ...

    async def stop(self) -> None:
        """Stop receiving and release connections; idempotent."""
        ...

    def routes(self) -> list[BaseRoute]:
        """Webhook routes for the shared server (empty when polling)."""
        ...
