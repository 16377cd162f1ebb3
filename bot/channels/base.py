"""The seams between the application and a chat platform.

* :class:`Handler` — what an adapter calls for every update: the router
  (``handlers.router.Router.handle``). It returns the replies for that chat.
* :class:`Sender` — what the application calls to push a message to a chat
  that did not just write (reminders, notifications to admins/officers).
* :class:`ChannelAdapter` — a running channel: a Sender that can also start
  receiving (long polling) or expose webhook routes on the shared server.

Send failures are raised as the error tree's channel errors:
:class:`~bot.errors.ChatUnreachable` (permanent), :class:`~bot.errors.RateLimited`,
:class:`~bot.errors.TransientChannelError`, :class:`~bot.errors.BadToken`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from starlette.routing import BaseRoute

from bot.messages import Channel, Incoming, Outgoing

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


def split_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into parts of at most ``limit`` characters, at line
    boundaries where possible, else at spaces, never mid-word unless a single
    word is longer than ``limit``. Order is kept; no characters are lost
    except the line breaks/spaces the split happens at."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = window.rfind("\n")
        if cut <= 0:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit  # one word longer than the limit: no choice but to cut it
            parts.append(rest[:cut])
            rest = rest[cut:]
            continue
        parts.append(rest[:cut].rstrip())
        rest = rest[cut + 1 :]
    if rest.strip():
        parts.append(rest)
    return [p for p in parts if p.strip()]
