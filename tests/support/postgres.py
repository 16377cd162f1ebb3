"""The tests' PostgreSQL on 127.0.0.1:5432: whether it answers, and a fresh
database on it. Kept apart from ``tests/conftest.py`` (which re-exports both)
so the benchmarks use them without importing pytest and the test fixtures."""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.core.settings import Settings


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return True
    except OSError:
        return False


@asynccontextmanager
async def fresh_postgres(prefix: str = "dvbot_test") -> AsyncIterator[Settings]:
    """Settings for a new, empty PostgreSQL database, dropped afterwards, so
    parallel runs never share tables."""
    import asyncpg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Settings(database_url=f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}", _env_file=None)  # type: ignore[call-arg]
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
