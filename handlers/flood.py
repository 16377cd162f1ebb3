"""The per-chat flood limit: a person (or a stuck client, or a paste of many
lines) sending more than :data:`LIMIT` messages a second.

What it protects: the platform's send rate and message quota (Zalo Basic: 3,000
a month), and the person, who cannot read 50 replies in a second. What "nothing
lost" means here:

- every message is handled, in the order it came, and everything it stores is
  kept, exactly as if it had been sent slowly;
- the replies to the messages beyond the limit are not sent one by one: the
  first of them is answered with one "vui lòng chậm lại" notice, and once the
  chat has been quiet for :data:`WINDOW` seconds the reply to the *last*
  message is sent (the question the person is now at). The replies in
  between restate questions that were already answered.

Only private chats on platforms with a send rate are limited (a terminal
has no quota). The count is per replica, in memory: a flood spread over
replicas is slowed less, never wrongly.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

from bot.core.channels import capabilities
from bot.core.messages import ChatKind, Incoming, Outgoing

LIMIT = 20  # messages a person may send in WINDOW seconds and get each reply to
WINDOW = 1.0
_CHATS_MAX = 10_000

Deliver = Callable[[Outgoing], Awaitable[bool]]


@dataclass
class _Chat:
    times: deque[float] = field(default_factory=deque)
    held: list[Outgoing] = field(default_factory=list)
    flush: asyncio.TimerHandle | None = None


class FloodGate:
    """``admit`` before handling a message, ``settle`` with its replies."""

    def __init__(self, limit: int = LIMIT, window: float = WINDOW,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.now = limit, window, now
        self._chats: dict[tuple[str, str], _Chat] = {}

    @staticmethod
    def applies(incoming: Incoming) -> bool:
        return incoming.chat_kind is ChatKind.PRIVATE and capabilities(incoming.channel).send_rate is not None

    def admit(self, incoming: Incoming) -> bool:
        """Count the message; ``True`` when the chat is flooding (over the
        limit now, or its held reply not sent yet)."""
        if not self.applies(incoming):
            return False
        key = (str(incoming.channel), incoming.chat_id)
        chat = self._chats.get(key)
        if chat is None:
            if len(self._chats) >= _CHATS_MAX:  # bounded: forget the quiet ones first
                for quiet in [k for k, c in self._chats.items() if c.flush is None][: _CHATS_MAX // 10]:
                    del self._chats[quiet]
            chat = self._chats[key] = _Chat()
        now = self.now()
        while chat.times and chat.times[0] <= now - self.window:
            chat.times.popleft()
        chat.times.append(now)
        return chat.flush is not None or len(chat.times) > self.limit

    def settle(self, incoming: Incoming, replies: list[Outgoing], notice: Outgoing,
               deliver: Deliver) -> list[Outgoing]:
        """The replies to send now for a message :meth:`admit` found flooding:
        the notice for the first one, nothing for the others; the last one's
        replies are sent by ``deliver`` when the chat is quiet again."""
        chat = self._chats[(str(incoming.channel), incoming.chat_id)]
        first = chat.flush is None
        if chat.flush is not None:
            chat.flush.cancel()
        if replies:  # a message with nothing to say (a replay) keeps the last reply held
            chat.held = [replace(r, channel=incoming.channel, chat_id=incoming.chat_id, edit_previous=False)
                         if r.chat_id is None else r for r in replies]
        chat.flush = asyncio.get_running_loop().call_later(
            self.window, lambda: asyncio.ensure_future(self._send_held(chat, deliver)))
        return [notice] if first else []

    async def _send_held(self, chat: _Chat, deliver: Deliver) -> None:
        held, chat.held, chat.flush = chat.held, [], None
        for reply in held:
            await deliver(reply)
