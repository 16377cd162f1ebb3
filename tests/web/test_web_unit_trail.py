"""A unit's page (issue #15): the audit trail of that unit (who did what,
when: its officer's registration, the admin's acceptance, the manual
reminders naming it — not another unit's), and its evidence: a photo as a
small picture served by the scope-checked evidence route, another file as
a link."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.core.messages import Attachment, Channel, Incoming
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import audit
from storage import submissions as sub_store
from storage.schema import submissions, units
from tests.channels.test_evidence_files import PDF, TO_EVIDENCE
from tests.conftest import Chat, register, seed
from tests.support.admin import make_admin
from tests.support.web import client, csrf_of, sign_in

ROUND = "tay-ninh-2025/6-thang"


def png(size: int = 8) -> bytes:
    """A real (decodable) size × size PNG: a blue square."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + b"\x0b\x4f\x9c" * size for _ in range(size))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/dvbot.sqlite3",  # type: ignore[call-arg]
                    evidence_dir=str(tmp_path / "evidence"), _env_file=None)


async def send_evidence(rt: Runtime, codes: dict[str, str], user: str, unit: str, data: bytes, name: str,
                        mime: str) -> None:
    """An officer of ``unit`` registers and answers the 6-month round up to its
    evidence question with the file."""
    officer = Chat(Router(rt), user)
    await register(officer, codes[unit])
    await officer.say("/baocao 6-thang")
    for typed in TO_EVIDENCE:
        await officer.say(typed)
    kind = "photo" if mime.startswith("image/") else "document"
    file = Attachment(kind=kind, file_id=f"f-{user}", name=name, mime=mime, data=data)
    assert "📎" in await officer.send(Incoming(Channel.CONSOLE, user, user, attachment=file))


def _trail(html: str) -> list[list[str]]:
    body = html.split('data-unit="audit"', 1)[1].split("</table>", 1)[0]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
            for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)][1:]


async def test_the_unit_page_shows_its_audit_trail_and_photo(rt: Runtime) -> None:
    codes = await seed(rt)
    await send_evidence(rt, codes, "u1", "SNV", png(), "hoi-nghi.png", "image/png")
    await send_evidence(rt, codes, "u2", "STC", PDF, "bien-ban.pdf", "application/pdf")
    await make_admin(rt, "boss", "TN")
    async with rt.begin() as conn:
        snv = (await conn.execute(sa.select(units.c.id).where(units.c.code == "SNV"))).scalar_one()
        stc = (await conn.execute(sa.select(units.c.id).where(units.c.code == "STC"))).scalar_one()
        sub = (await conn.execute(sa.select(submissions.c.id).where(submissions.c.unit_id == snv))).scalar_one()
        await sub_store.set_status(conn, sub, "submitted", now=rt.clock.now())
        await audit.record(conn, actor="console:boss", action="remind", entity="round", entity_id=ROUND,
                           after={"queued": 1, "units": [stc]}, now=rt.clock.now())
    async with client(rt) as c:
        await sign_in(c, rt, "boss")
        csrf = csrf_of((await c.get("/admin/unit/SNV")).text)
        assert (await c.post(f"/admin/act/accept/SNV/{ROUND}", data={"csrf": csrf})).status_code == 200
        snv_page = (await c.get("/admin/unit/SNV")).text
        stc_page = (await c.get("/admin/unit/STC")).text
        [src] = re.findall(r'<img src="(/admin/evidence/MC-[0-9a-f]{12})"', snv_page)
        photo = await c.get(src)
    trail = _trail(snv_page)
    actions = [row[2] for row in trail]
    assert actions == ["Chấp nhận báo cáo", "Đăng ký người phụ trách"]  # newest first
    assert trail[0][1] == "console:boss" and trail[0][3] == "Đã nộp → Đã duyệt"
    assert trail[1][1] == "console:u1"
    assert photo.status_code == 200 and photo.content == png() and photo.headers["content-type"] == "image/png"
    # another unit's file is a link, not a picture; the reminder naming STC is in its trail only
    assert "<img src=\"/admin/evidence/" not in stc_page and 'href="/admin/evidence/MC-' in stc_page
    assert [row[2] for row in _trail(stc_page)] == ["Nhắc việc thủ công", "Đăng ký người phụ trách"]


async def test_a_photo_outside_the_scope_is_not_served(rt: Runtime) -> None:
    codes = await seed(rt)
    await send_evidence(rt, codes, "u1", "SNV", png(), "hoi-nghi.png", "image/png")
    await make_admin(rt, "boss", "TN")
    await make_admin(rt, "stc-admin", "STC")
    async with client(rt) as c:
        await sign_in(c, rt, "boss")
        [src] = re.findall(r'<img src="(/admin/evidence/MC-[0-9a-f]{12})"', (await c.get("/admin/unit/SNV")).text)
    async with client(rt) as c:
        await sign_in(c, rt, "stc-admin")
        assert (await c.get(src)).status_code == 404
