"""Fresh databases for the benchmarks: a temporary SQLite file, or a new
PostgreSQL database on 127.0.0.1:5432 (the tests' server), dropped after."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tests.support.postgres import (  # not tests.conftest: no pytest here
    fresh_postgres,
    postgres_reachable,
)

__all__ = ["database", "kinds"]


def kinds() -> list[str]:
    """SQLite, and PostgreSQL when it is reachable."""
    return ["sqlite"] + (["postgresql"] if postgres_reachable() else [])


@asynccontextmanager
async def database(kind: str) -> AsyncIterator[str]:
    """The URL of a fresh, empty database of ``kind`` (sqlite | postgresql)."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
        return
    async with fresh_postgres("dvbot_bench") as settings:
        yield settings.database_url
