"""Database engine creation and migration to head.

SQLite runs in WAL mode with a busy timeout and foreign keys on, driven
without a worker thread through one connection per process
(``storage/sqlite_direct.py``; the URL stays ``sqlite+aiosqlite://``);
PostgreSQL (asyncpg) needs nothing special. ``migrate`` runs Alembic inside
the async engine's connection, so it works from a running event loop.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*['\"]([^'\"]*)['\"]", re.M)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    # SQL parameters are officers' names, phones and answers: never in a log
    # line or an error message, whatever the log level.
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        prefix = "sqlite+aiosqlite:///"
        path = url[len(prefix):].split("?", 1)[0] if url.startswith(prefix) else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        from storage import sqlite_direct

        direct = sqlite_direct.NAME + url[len("sqlite+aiosqlite"):] if url.startswith("sqlite+aiosqlite:") else url
        if path and path != ":memory:":  # one connection: the process's transactions take turns
            kwargs.setdefault("pool_size", 1)
            kwargs.setdefault("max_overflow", 0)
            kwargs.setdefault("pool_timeout", 120)
        engine = create_async_engine(direct, **kwargs)
        sa.event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # No pre-ping: SQLAlchemy's ping on asyncpg is three round trips (BEGIN, a
    # query, ROLLBACK) on every checkout — more than the answer's own seven
    # statements cost. A connection the server dropped (a restart, a
    # terminated backend) instead fails its first statement; SQLAlchemy then
    # invalidates the pool, and ``bot.services.runtime.is_retryable`` has the
    # router handle that update again on a fresh connection.
    return create_async_engine(url, **kwargs)


def alembic_config(connection: sa.Connection | None = None) -> Config:
    # Alembic is loaded only to migrate: a quick command starts without it
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


# Replicas starting together on PostgreSQL take turns to migrate: the first
# upgrades, the others then find the database at head. (SQLite's write lock
# serialises them by itself.)
MIGRATION_LOCK = 0x64766274  # "dvbt": the pg_advisory_xact_lock key, held until the upgrade commits


def script_head() -> str | None:
    """The newest revision of the migration scripts, read from their
    ``revision`` / ``down_revision`` lines without loading Alembic; ``None``
    unless the scripts form one line of revisions with one head."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            return None
        revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


async def _at_head(conn: AsyncConnection) -> bool:
    """Whether the database's Alembic revision is the scripts' one head (then
    there is nothing to upgrade, and Alembic need not be imported)."""
    head = script_head()
    if head is None or not await conn.run_sync(lambda c: sa.inspect(c).has_table("alembic_version")):
        return False
    rows = (await conn.execute(sa.text("SELECT version_num FROM alembic_version"))).all()
    return [r[0] for r in rows] == [head]


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (head by default), one process at a
    time; a database already at head is left as it is without loading Alembic."""

    def _upgrade(sync_conn: sa.Connection) -> None:
        from alembic import command

        command.upgrade(alembic_config(sync_conn), revision)

    if revision == "head":
        async with engine.connect() as conn:
            if await _at_head(conn):
                return
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        await conn.run_sync(_upgrade)


async def current_revision(conn: AsyncConnection) -> str | None:
    def _read(sync_conn: sa.Connection) -> str | None:
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(sync_conn).get_current_revision()

    return await conn.run_sync(_read)
