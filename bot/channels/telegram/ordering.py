"""PTB's ``concurrent_updates`` with one chat's updates in order.

PTB hands every update to its update processor as ``process_update(update,
coroutine)`` under a semaphore of ``max_concurrent_updates`` (its
``BaseUpdateProcessor``; the default ``SimpleUpdateProcessor`` just awaits the
coroutine, so with concurrency on, two updates of one chat could overtake each
other). :class:`PerChatProcessor` queues the coroutine on its chat's FIFO
(``bot.channels.chat_order``, the mechanism of every adapter) and waits for it,
so different chats run in parallel and one chat's updates one after another.
PTB creates the processing tasks in the order it received the updates and the
semaphore wakes its waiters first come, first served, so a chat's FIFO gets
them in arrival order. An update without a chat runs at once.

It also knows which updates are still being handled (:meth:`settled`), for
``TelegramAdapter.wait_handled``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from functools import partial
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.channels.chat_order import ChatQueues

MAX_CONCURRENT = 256  # PTB's own number for ``concurrent_updates(True)``; its HTTP pool is as large


async def _settle(coroutine: Awaitable[Any], done: asyncio.Future[None]) -> None:
    try:
        await coroutine
    except asyncio.CancelledError:
        done.cancel()
        raise
    except Exception as exc:  # PTB's own processing raises after its error handlers ran
        if not done.done():
            done.set_exception(exc)
    else:
        if not done.done():
            done.set_result(None)


class PerChatProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT) -> None:
        super().__init__(max_concurrent_updates)
        self._chats = ChatQueues("telegram")
        self._pending: set[int] = set()
        self._highest = 0
        self._changed: asyncio.Condition | None = None

    async def initialize(self) -> None:
        self._changed = asyncio.Condition()

    async def shutdown(self) -> None:
        await self._chats.join()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        if update_id is not None:
            self._pending.add(update_id)
            self._highest = max(self._highest, update_id)
        try:
            chat = update.effective_chat if isinstance(update, Update) else None
            if chat is None:
                await coroutine
                return
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._chats.put(str(chat.id), partial(_settle, coroutine, done))
            await done
        finally:
            if update_id is not None:
                self._pending.discard(update_id)
                await self._notify()

    async def _notify(self) -> None:
        if self._changed is not None:
            async with self._changed:
                self._changed.notify_all()

    def settled(self, update_id: int) -> bool:
        """Every update up to ``update_id`` has been received and handled."""
        return self._highest >= update_id and all(p > update_id for p in self._pending)

    async def wait_settled(self, update_id: int, within: float) -> None:
        if self._changed is None:
            self._changed = asyncio.Condition()
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.settled(update_id)), within)


__all__ = ["MAX_CONCURRENT", "PerChatProcessor"]
