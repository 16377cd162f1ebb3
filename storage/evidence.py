"""evidence_files: the metadata of evidence stored by content hash (the bytes
are files under DVBOT_EVIDENCE_DIR, written by bot/services/evidence.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import evidence_files, identities, officers


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    sha256: str
    size: int
    mime: str
    name: str | None
    channel: str
    sent_by: str
    created_at: dt.datetime


def _file(row: sa.Row[tuple[object, ...]]) -> EvidenceFile:
    m = row._mapping
    return EvidenceFile(m["sha256"], m["size"], m["mime"], m["name"], m["channel"], m["sent_by"], m["created_at"])


async def add(conn: AsyncConnection, *, sha256: str, size: int, mime: str, name: str | None, channel: str,
              sent_by: str, now: dt.datetime) -> EvidenceFile:
    """Record a file (the same content sent again keeps its first record)."""
    found = await get(conn, sha256)
    if found is not None:
        return found
    try:
        async with conn.begin_nested():
            await conn.execute(evidence_files.insert().values(
                sha256=sha256, size=size, mime=mime, name=(name or None) and name[:255], channel=channel,
                sent_by=sent_by[:200], created_at=now))
    except IntegrityError:
        found = None  # another replica recorded the same content first: its record stands
    stored = found or await get(conn, sha256)
    assert stored is not None
    return stored


async def get(conn: AsyncConnection, sha256: str) -> EvidenceFile | None:
    row = (await conn.execute(sa.select(evidence_files).where(evidence_files.c.sha256 == sha256))).one_or_none()
    return None if row is None else _file(row)


async def by_prefix(conn: AsyncConnection, prefix: str) -> list[EvidenceFile]:
    """Files whose hash starts with ``prefix`` (two at most: enough to say it is ambiguous)."""
    rows = await conn.execute(
        sa.select(evidence_files).where(evidence_files.c.sha256.startswith(prefix, autoescape=True)).limit(2))
    return [_file(r) for r in rows]


async def sender_unit(conn: AsyncConnection, sent_by: str) -> int | None:
    """The unit of the officer whose chat identity (``channel:user id``) sent a file."""
    channel, _, user_id = sent_by.partition(":")
    query = (sa.select(officers.c.unit_id).select_from(identities.join(officers, officers.c.id == identities.c.officer_id))
             .where(identities.c.channel == channel, identities.c.user_id == user_id))
    return await conn.scalar(query)
