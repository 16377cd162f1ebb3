"""The wired application: settings, database engine, clock, router.

Built once by the composition root (``bot.shell.cli``) and passed down; nothing
else reads the environment.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.core.clock import Clock, SystemClock
from bot.core.errors import StaleState
from bot.core.settings import Settings
from storage.db import create_engine, migrate

log = logging.getLogger(__name__)

TURN_WAIT = 120.0  # seconds a SQLite transaction waits for its turn

# The open transaction every use case takes; handlers name it by this alias so
# they never import the database library themselves.
Connection = AsyncConnection


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    clock: Clock = field(default_factory=SystemClock)
    # SQLite: the process has one connection (storage/sqlite_direct.py) and a
    # statement never yields to the loop, so the pool alone would hand it back
    # to whoever just released it; this lock makes transactions take turns in
    # the order they asked (asyncio.Lock is first come, first served).
    _turn: asyncio.Lock | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.engine.dialect.name == "sqlite":
            self._turn = asyncio.Lock()

    @classmethod
    async def open(cls, settings: Settings, clock: Clock | None = None, *, migrate_db: bool = True) -> Runtime:
        engine = create_engine(settings.database_url)
        if migrate_db:
            await migrate(engine)
        return cls(settings=settings, engine=engine, clock=clock or SystemClock())

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[AsyncConnection]:
        """One transaction: committed on success, rolled back on error."""
        if self._turn is None:
            async with self.engine.begin() as conn:
                yield conn
            return
        # Statements never yield here, so each transaction begins by letting the
        # other tasks run (a cancellation reaches this one before it acts, and a
        # long series of transactions never starves the loop), as aiosqlite's
        # thread hand-off did at every call.
        await asyncio.sleep(0)
        # as long as the pool would wait (storage/db.py): a turn never taken is an error, not a hang
        await asyncio.wait_for(self._turn.acquire(), TURN_WAIT)
        try:
            async with self.engine.begin() as conn:
                yield conn
        finally:
            self._turn.release()

    async def close(self) -> None:
        await self.engine.dispose()


def is_retryable(error: BaseException) -> bool:
    """Worth handling the update again after the rollback: a concurrent change
    of the session (:class:`~bot.core.errors.StaleState`), or SQLite's
    "database is locked", or a PostgreSQL deadlock (two admins revoking each
    other: each holds its own scope rows share-locked), or a connection the
    server dropped (a PostgreSQL restart: SQLAlchemy has invalidated the pool,
    so the next attempt runs on a fresh connection — the engine does not ping
    before each checkout, ``storage/db.py``). A duplicate
    (:class:`~bot.core.errors.AlreadyExists`) is not."""
    if isinstance(error, StaleState):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, OperationalError):
        text = str(error.orig if error.orig is not None else error).lower()
        return "locked" in text or "busy" in text or "deadlock" in text
    return False
