"""Exports link a kept evidence file to its download on the admin's web page
(DVBOT_WEBHOOK_URL + /admin/evidence/MC-…): the link in the Excel cell opens
the file for a signed-in admin of the unit's scope, and nothing without a
session. Without a deployment address the cell stays text."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import openpyxl
import pytest

from bot.core.clock import FakeClock
from bot.core.messages import Attachment, Channel, Incoming
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell.cli.admin import export_bytes
from handlers.router import Router
from tests.channels.test_evidence_files import PDF, TO_EVIDENCE
from tests.conftest import Chat, register, seed
from tests.support.admin import make_admin
from tests.support.web import client, sign_in

SITE = "https://dvbot.example.gov.vn"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/dvbot.sqlite3", webhook_url=SITE,  # type: ignore[call-arg]
                    evidence_dir=str(tmp_path / "evidence"), _env_file=None)


async def _officer_sends_a_pdf(rt: Runtime) -> str:
    codes = await seed(rt)
    officer = Chat(Router(rt), "u1")
    await register(officer, codes["SNV"])
    await officer.say("/baocao 6-thang")
    for typed in TO_EVIDENCE:
        await officer.say(typed)
    pdf = Attachment(kind="document", file_id="f-1", name="bien-ban.pdf", mime="application/pdf", data=PDF)
    assert "📎" in await officer.send(Incoming(Channel.CONSOLE, "u1", "u1", attachment=pdf))
    return "MC-" + hashlib.sha256(PDF).hexdigest()[:12]


def _links(xlsx: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return [c.hyperlink.target for ws in book.worksheets for row in ws.iter_rows() for c in row if c.hyperlink]


async def test_the_excel_cell_links_to_the_file_on_the_web_page(rt: Runtime, clock: FakeClock) -> None:
    ref = await _officer_sends_a_pdf(rt)
    await make_admin(rt, "boss", "TN")
    links = _links(await export_bytes(rt, "6-thang", None, None, as_csv=False))
    assert links == [f"{SITE}/admin/evidence/{ref}"]
    path = links[0].removeprefix(SITE)
    async with client(rt, base=SITE) as c:
        assert (await c.get(path)).status_code in (302, 303, 401)  # no session: not the file
        await sign_in(c, rt, "boss")
        got = await c.get(path)
        assert got.status_code == 200 and got.content == PDF
    csv = (await export_bytes(rt, "6-thang", None, None, as_csv=True)).decode("utf-8-sig")
    assert f"{SITE}/admin/evidence/{ref}" in csv


async def test_without_a_deployment_address_the_cell_names_the_reference(tmp_path: Path, clock: FakeClock) -> None:
    plain = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/other.sqlite3",  # type: ignore[call-arg]
                     evidence_dir=str(tmp_path / "ev2"), _env_file=None)
    rt = await Runtime.open(plain, clock)
    try:
        ref = await _officer_sends_a_pdf(rt)
        xlsx = await export_bytes(rt, "6-thang", None, None, as_csv=False)
        assert _links(xlsx) == []
        book = openpyxl.load_workbook(io.BytesIO(xlsx))
        assert any(f"[{ref}]" in str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row)
    finally:
        await rt.close()
