"""The migrations build exactly the schema ``storage.schema`` declares, and
undo it: a table or index added to one and not the other fails here."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from storage.db import create_engine, migrate
from storage.schema import metadata


async def test_migrated_database_matches_the_declared_schema(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'm.sqlite3'}")
    try:
        await migrate(engine)
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), metadata))
            tables = await conn.run_sync(lambda c: set(sa.inspect(c).get_table_names()))
    finally:
        await engine.dispose()
    assert diff == []
    assert tables == {*metadata.tables, "alembic_version"}


async def test_downgrade_removes_every_table(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'd.sqlite3'}")
    try:
        await migrate(engine)
        await migrate_down(engine)
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: set(sa.inspect(c).get_table_names()))
    finally:
        await engine.dispose()
    assert tables == {"alembic_version"}


async def migrate_down(engine: sa.ext.asyncio.AsyncEngine) -> None:
    from alembic import command

    from storage.db import alembic_config

    async with engine.begin() as conn:
        await conn.run_sync(lambda c: command.downgrade(alembic_config(c), "base"))


def test_script_head_is_alembics_head() -> None:
    """The quick start's head (read from the scripts' revision lines) is the
    one Alembic finds, so an up-to-date database is recognised as such."""
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config, script_head

    assert script_head() == ScriptDirectory.from_config(alembic_config()).get_current_head()


async def test_a_database_behind_head_is_still_upgraded(tmp_path: Path) -> None:
    """The at-head shortcut never skips a real upgrade: a database one
    revision behind is brought to head by the next migrate."""
    from storage.db import script_head

    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'b.sqlite3'}")
    try:
        await migrate(engine, "0009")
        await migrate(engine)
        await migrate(engine)  # at head: nothing to do
        async with engine.connect() as conn:
            rows = (await conn.execute(sa.text("SELECT version_num FROM alembic_version"))).all()
            indexes = await conn.run_sync(lambda c: {i["name"] for i in sa.inspect(c).get_indexes("identities")})
    finally:
        await engine.dispose()
    assert [r[0] for r in rows] == [script_head()]
    assert "ix_identities_channel_chat" in indexes
