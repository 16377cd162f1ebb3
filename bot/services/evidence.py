"""Evidence files from every channel, stored by content hash.

A channel adapter downloads what a person sent (Zalo at once: its image URLs'
lifetime is undocumented; Telegram through getFile; the console reads the
path) and hands the bytes over in ``Attachment.data``. The router keeps them
here before any flow sees the update: the type is read from the content
(:mod:`bot.domain.evidence_files`), the size is capped
(``DVBOT_MAX_EVIDENCE_BYTES``), the bytes go to
``DVBOT_EVIDENCE_DIR/<first two hex digits>/<sha256>`` (default: ``evidence/``
beside the SQLite database, so ``data/evidence/``) (written to a temporary
name and renamed, so a crash never leaves half a file under a hash) and what is
known of them to ``evidence_files``. The answer then stores the hash, and
admins get the file back by its reference (``MC-…``): ``/minhchung`` on chat,
``dvbot evidence get`` on the command line.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import tempfile
from dataclasses import replace
from pathlib import Path

from bot.core.errors import InvalidInput, NotFound
from bot.core.messages import Attachment
from bot.domain import evidence_files as rules
from bot.services.runtime import Connection, Runtime
from storage import evidence as store
from storage.evidence import EvidenceFile


def path_of(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def _write(root: Path, sha256: str, data: bytes) -> None:
    target = path_of(root, sha256)
    if target.exists() and target.stat().st_size == len(data):
        return  # the same content is already kept
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


async def keep(conn: Connection, rt: Runtime, attachment: Attachment, sender: str,
               now: dt.datetime) -> Attachment:
    """Store ``attachment.data``; the attachment then names the file by its
    hash (``sha256``) and carries no bytes. :class:`InvalidInput` when the
    file is too large or not a type evidence may be."""
    data = attachment.data
    assert data is not None
    limit = rt.settings.max_evidence_bytes
    if len(data) > limit:
        raise InvalidInput("evidence.too_large", size=f"{len(data) / 1_048_576:.1f}",
                           limit=f"{limit / 1_048_576:.0f}")
    mime = rules.sniff(data, attachment.name)
    if mime is None:
        raise InvalidInput("evidence.bad_type", name=attachment.name or attachment.kind)
    sha256 = rules.digest(data)
    await asyncio.to_thread(_write, rt.settings.evidence_root, sha256, data)
    name = attachment.name or f"{rules.reference(sha256)}{rules.EXTENSIONS.get(mime, '')}"
    await store.add(conn, sha256=sha256, size=len(data), mime=mime, name=name,
                    channel=sender.partition(":")[0], sent_by=sender, now=now)
    return replace(attachment, data=None, sha256=sha256, size=len(data), mime=mime, name=name)


async def find(conn: Connection, ref: str) -> EvidenceFile:
    """The file a typed reference names: :class:`NotFound`, or
    :class:`InvalidInput` when it is no reference or names two files."""
    prefix = rules.hash_prefix(ref)
    if prefix is None:
        raise InvalidInput("evidence.bad_ref", ref=ref[:40])
    found = await store.by_prefix(conn, prefix)
    if not found:
        raise NotFound(f"no evidence file {ref[:40]}")
    if len(found) > 1:
        raise InvalidInput("evidence.ambiguous", ref=ref[:40])
    return found[0]


async def content(rt: Runtime, file: EvidenceFile) -> bytes:
    """The file's bytes, checked against its hash (:class:`NotFound` when the
    file is missing from the directory or was changed there)."""
    path = path_of(rt.settings.evidence_root, file.sha256)
    try:
        data = await asyncio.to_thread(path.read_bytes)
    except FileNotFoundError as exc:
        raise NotFound(f"evidence {rules.reference(file.sha256)} is recorded but its file is missing") from exc
    if rules.digest(data) != file.sha256:
        raise NotFound(f"evidence {rules.reference(file.sha256)} was changed on disk")
    return data


async def unit_of(conn: Connection, file: EvidenceFile) -> int | None:
    return await store.sender_unit(conn, file.sent_by)
