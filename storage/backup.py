"""Backing up and restoring a SQLite database file, with SQLite's online
backup API (``sqlite3.Connection.backup``): the copy is one consistent
snapshot even while the bot keeps writing (its other connections wait at
most their busy timeout), and it is written beside the target and renamed,
so a half-written backup never takes the name.

PostgreSQL is backed up with its own tools; :func:`pg_commands` gives the
``pg_dump`` / ``pg_restore`` command lines for a database URL.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BUSY_MS = 10_000
VERSION_TABLE = "alembic_version"


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    return conn


def row_counts(path: Path) -> dict[str, int]:
    """Rows per table of the database file (none when it does not exist)."""
    if not path.is_file():
        return {}
    with closing(_connect(path)) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def revision(path: Path) -> str | None:
    """The schema revision a dvbot database file is at; ``None`` when the
    file is not one (or not SQLite at all)."""
    try:
        with closing(_connect(path)) as conn:
            row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None


def has_data(path: Path) -> bool:
    """Whether any table but the schema version holds a row."""
    return any(n for table, n in row_counts(path).items() if table != VERSION_TABLE)


def copy(source: Path, target: Path) -> None:
    """Copy the database ``source`` to ``target`` (replaced) as one snapshot;
    ``target`` is a single self-contained file (no ``-wal`` beside it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    with closing(_connect(source)) as src, closing(sqlite3.connect(part)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    os.replace(part, target)


def restore(backup: Path, target: Path) -> None:
    """Replace the content of the database ``target`` with ``backup``'s, in
    place (a running bot's connections stay valid and see the restored data)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(_connect(backup)) as src, closing(_connect(target)) as dst:
        src.backup(dst)


def _libpq_url(url: str) -> tuple[str, str | None]:
    """The database URL for the PostgreSQL tools (no driver, no password),
    and the password, which they read from ``PGPASSWORD``."""
    parts = urlsplit(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    password = parts.password
    netloc = parts.netloc.rsplit("@", 1)
    if len(netloc) == 2 and password is not None:
        user = netloc[0].split(":", 1)[0]
        parts = parts._replace(netloc=f"{user}@{netloc[1]}")
    return urlunsplit(parts), password


def pg_commands(url: str, file: Path) -> tuple[list[str], list[str], bool]:
    """``pg_dump`` and ``pg_restore`` for the PostgreSQL database at ``url``
    and the dump ``file`` (custom format), and whether a password must be
    given in ``PGPASSWORD`` (it is never put on the command line)."""
    libpq, password = _libpq_url(url)
    dump = ["pg_dump", "--format=custom", "--no-owner", f"--file={file}", f"--dbname={libpq}"]
    load = ["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={libpq}", str(file)]
    return dump, load, password is not None


def shell(argv: list[str]) -> str:
    return shlex.join(argv)
