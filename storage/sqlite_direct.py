"""SQLite for the async engine without a worker thread per statement.

aiosqlite runs every call (execute, fetch, commit) on its own thread and
wakes the event loop when it is done: one answered question paid some 55 of
those round trips, most of its CPU. This dialect drives the standard
``sqlite3`` module directly in the event loop's thread: SQLAlchemy's async
engine runs its sync code in a greenlet, and a statement here simply returns
(SQLite answers the bot's statements in microseconds).

Because a call blocks the loop while it runs, the engine keeps **one**
connection per process (``storage.db.create_engine``: a pool of one, no
overflow): transactions of one process take turns, so a statement never waits
on a write lock this process holds itself. Another process (a CLI command, a
second replica) holding the lock makes a statement wait up to the busy timeout,
as it did before, the loop then waiting too. WAL, the busy timeout, foreign keys
and ``synchronous=NORMAL`` are set on connect as before (``_sqlite_pragmas``);
transactions are sqlite3's own, as under aiosqlite (which wraps the same
module), so what survives a crash is unchanged.

The URL stays ``sqlite+aiosqlite://`` (settings, docs); ``create_engine``
selects this driver for it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.dialects.sqlite.base import SQLiteExecutionContext
from sqlalchemy.engine import AdaptedConnection
from sqlalchemy.engine.url import URL
from sqlalchemy.util.concurrency import await_

NAME = "sqlite+dvbot"


class _Cursor:
    """A DBAPI cursor over a ``sqlite3`` cursor, called in the loop's thread."""

    __slots__ = ("_cursor",)
    server_side = False

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._cursor = connection.cursor()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        # The async engine insists on one await per statement: a coroutine that
        # completes at once (no thread, no turn of the loop).
        return await_(self._execute(operation, parameters))

    async def _execute(self, operation: Any, parameters: Any) -> Any:
        if parameters is None:
            return self._cursor.execute(operation)
        return self._cursor.execute(operation, parameters)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        return await_(self._executemany(operation, seq_of_parameters))

    async def _executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        return self._cursor.executemany(operation, seq_of_parameters)

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        return self._cursor.fetchmany(self._cursor.arraysize if size is None else size)

    def fetchall(self) -> Sequence[Any]:
        return self._cursor.fetchall()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor)

    def close(self) -> None:
        self._cursor.close()

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None

    async def _async_soft_close(self) -> None:
        """The async result's hook (rows already are in this thread): nothing to do."""
        return None


class _Connection(AdaptedConnection):
    """The DBAPI connection SQLAlchemy sees: a ``sqlite3.Connection``."""

    __slots__ = ("_sqlite", "dbapi")

    def __init__(self, dbapi: Any, connection: sqlite3.Connection) -> None:
        self.dbapi = dbapi
        self._sqlite = connection
        self._connection = connection  # type: ignore[assignment]  # what driver_connection gives

    @property
    def isolation_level(self) -> str | None:
        return self._sqlite.isolation_level

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        self._sqlite.isolation_level = value  # type: ignore[assignment]

    def create_function(self, *args: Any, **kw: Any) -> None:
        self._sqlite.create_function(*args, **kw)

    def cursor(self, server_side: bool = False) -> _Cursor:
        return _Cursor(self._sqlite)

    def execute(self, operation: Any, parameters: Any = None) -> _Cursor:
        cursor = self.cursor()
        cursor.execute(operation, parameters)
        return cursor

    def commit(self) -> None:
        self._sqlite.commit()

    def rollback(self) -> None:
        self._sqlite.rollback()

    def close(self) -> None:
        self._sqlite.close()

    def terminate(self) -> None:
        self._sqlite.close()


class _DBAPI:
    """The ``sqlite3`` module as the async dialect expects its DBAPI."""

    paramstyle = "qmark"

    def __init__(self) -> None:
        self.sqlite = sqlite3
        for name in ("DatabaseError", "Error", "IntegrityError", "NotSupportedError", "OperationalError",
                     "ProgrammingError", "InterfaceError", "InternalError", "DataError", "Warning",
                     "sqlite_version", "sqlite_version_info", "PARSE_COLNAMES", "PARSE_DECLTYPES", "Binary"):
            setattr(self, name, getattr(sqlite3, name))
        self.exceptions_module = sqlite3
        self.has_stop = True

    def connect(self, *args: Any, **kw: Any) -> _Connection:
        kw.pop("async_creator_fn", None)
        # Used from the loop's thread only; closing at interpreter exit may come from another.
        kw["check_same_thread"] = False
        return _Connection(self, sqlite3.connect(*args, **kw))


class SQLiteDialect_direct(SQLiteDialect_aiosqlite):
    driver = "dvbot"
    supports_statement_cache = True
    supports_server_side_cursors = False
    execution_ctx_cls = SQLiteExecutionContext  # type: ignore[assignment]  # no server-side cursors

    @classmethod
    def import_dbapi(cls) -> Any:
        return _DBAPI()

    def retrieve_dbapi_version(self, dbapi: Any) -> Any:
        return None

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        if cls._is_url_file_db(url):
            return pool.AsyncAdaptedQueuePool
        return pool.StaticPool

    def get_driver_connection(self, connection: Any) -> Any:
        return connection._connection

    def do_terminate(self, dbapi_connection: Any) -> None:
        dbapi_connection.terminate()


registry.register("sqlite.dvbot", __name__, "SQLiteDialect_direct")
