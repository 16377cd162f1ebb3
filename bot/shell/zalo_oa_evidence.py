"""Evidence the Zalo OA receives (photos, files): downloaded at once — Zalo's
CDN links do not last — at most ``DVBOT_MAX_EVIDENCE_BYTES``, and kept by
content hash. This one function is where the evidence store (issue #12,
"Evidence files") takes over when it lands; until then the bytes go to
``<database directory>/evidence/<sha256>`` and the answer records
``file_id = "sha256:<hex>"`` next to Zalo's URL."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from bot.core.messages import Attachment
from bot.core.settings import Settings


def evidence_dir(settings: Settings) -> Path:
    db = settings.sqlite_path()
    return (db.parent if db is not None else Path("data")) / "evidence"


def keeper(settings: Settings) -> Callable[[Attachment, bytes], Awaitable[Attachment]]:
    folder = evidence_dir(settings)

    async def keep(attachment: Attachment, data: bytes) -> Attachment:
        digest = hashlib.sha256(data).hexdigest()
        target = folder / digest

        def write() -> None:
            folder.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                part = target.with_suffix(".part")
                part.write_bytes(data)
                part.replace(target)

        await asyncio.to_thread(write)
        return replace(attachment, file_id=f"sha256:{digest}", size=len(data))

    return keep
