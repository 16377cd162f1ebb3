"""One chat's updates in order, different chats in parallel — the one mechanism
every adapter uses (Zalo Bot Platform, Zalo OA, Telegram's update processor).

Each chat has a FIFO of jobs worked by one task, started with the chat's
first job and ended when its FIFO is empty; a job that fails is logged and the
next one runs. Nothing is bounded here: a channel bounds what it receives
(PTB's ``max_concurrent_updates``, the platform's own pace).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]


class ChatQueues:
    def __init__(self, name: str) -> None:
        self.name = name
        self._queues: dict[str, deque[Job]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def put(self, chat: str, job: Job) -> None:
        """Run ``job`` after the jobs already queued for ``chat``."""
        queue = self._queues.get(chat)
        if queue is not None:
            queue.append(job)
            return
        self._queues[chat] = deque([job])
        task = asyncio.ensure_future(self._work(chat))
        task.set_name(f"{self.name}-chat")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _work(self, chat: str) -> None:
        queue = self._queues[chat]
        try:
            while queue:
                try:
                    await queue.popleft()()
                except Exception:
                    log.exception("%s: handling an update failed", self.name)
        finally:
            del self._queues[chat]

    @property
    def busy(self) -> int:
        """How many chats have work queued or running."""
        return len(self._tasks)

    async def join(self) -> None:
        """Wait until every job queued so far (and any they queue) is done."""
        while self._tasks:
            await asyncio.gather(*set(self._tasks), return_exceptions=True)

    async def drain(self, seconds: float) -> None:
        """Let running chats finish for up to ``seconds``, then cancel the rest."""
        if not self._tasks:
            return
        _done, running = await asyncio.wait(set(self._tasks), timeout=seconds)
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


__all__ = ["ChatQueues", "Job"]
