"""Evidence files from every channel, kept by content hash (bot/services/evidence.py):
a Zalo photo downloaded at once from the fake server, a console /attach, the
size and type limits, the admin getting the file back (/minhchung on chat,
``dvbot evidence get`` on the CLI) within their scope, and the export's
reference. (Telegram's upload: tests/channels/test_telegram_officer.py.)"""

from __future__ import annotations

import asyncio
import hashlib
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from bot.channels.console import chat as console_chat
from bot.core.clock import FakeClock
from bot.core.messages import Attachment, Channel, Incoming
from bot.core.settings import Settings
from bot.domain.questions import kind_of
from bot.services.runtime import Runtime
from bot.shell.cli import app
from handlers.router import Router
from locales import t
from storage.schema import evidence_files
from tests.channels.test_zalo_e2e import registered
from tests.channels.zalo_support import CHAT, Bot, fake
from tests.conftest import Chat, register, seed
from tests.fakes.zalo_api import FakeZaloApi
from tests.support.admin import make_admin

__all__ = ["fake"]  # fixtures used by name

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"anh hoi nghi" * 100
PDF = b"%PDF-1.7\n" + b"bien ban hop" * 50
# the officer's answers up to the 6-month round's evidence question (tests/channels/test_zalo_journey.py)
TO_EVIDENCE = ["1", "12", "350", "100", "đang thực hiện", "1"]


def ref(data: bytes) -> str:
    return "MC-" + hashlib.sha256(data).hexdigest()[:12]


async def stored_files(rt: Runtime) -> list[sa.Row[tuple[object, ...]]]:
    async with rt.begin() as conn:
        return list((await conn.execute(sa.select(evidence_files))).all())


@pytest.fixture
async def bot(fake: FakeZaloApi, settings: Settings, clock: FakeClock) -> AsyncIterator[Bot]:
    b = await registered(fake, settings, clock)
    for typed in TO_EVIDENCE:
        await b.say(typed)
    yield b
    await b.stop()


async def test_a_zalo_photo_is_downloaded_and_kept_by_its_hash(
    fake: FakeZaloApi, bot: Bot, settings: Settings
) -> None:
    assert bot.rt is not None and bot.router is not None
    assert "📎" in await bot.say(photo=fake.photo("hop.jpg", JPEG))
    sha = hashlib.sha256(JPEG).hexdigest()
    assert (settings.evidence_root / sha[:2] / sha).read_bytes() == JPEG
    [row] = await stored_files(bot.rt)
    assert (row.sha256, row.size, row.mime, row.sent_by) == (sha, len(JPEG), "image/jpeg", f"zalo:{CHAT}")
    assert (await bot.answers())[1]["quan-triet.minh-chung"]["sha256"] == sha

    # An admin over the unit gets the very file back, by the reference the export shows.
    await make_admin(bot.rt, "boss", "TN")
    boss = Chat(bot.router, "boss")
    text = await boss.say(f"/minhchung {ref(JPEG)}")
    assert ref(JPEG) in text and "image/jpeg" in text
    assert boss.last[0].document == (f"{ref(JPEG)}.jpg", JPEG)
    # An admin of another unit does not.
    await make_admin(bot.rt, "other", "STC")
    other = Chat(bot.router, "other")
    assert await other.say(f"/minhchung {ref(JPEG)}") == t("admin.out_of_scope", code=ref(JPEG))
    assert other.last[0].document is None


async def test_a_photo_over_the_limit_is_refused_and_nothing_is_kept(
    fake: FakeZaloApi, bot: Bot
) -> None:
    assert bot.rt is not None
    bot.adapter.max_evidence_bytes = 1000  # type: ignore[union-attr]
    reply = await bot.say(photo=fake.photo("to.jpg", JPEG + b"x" * 2000))
    assert reply == t("evidence.too_large", size="> 0", limit="0")
    assert await stored_files(bot.rt) == []
    assert "quan-triet.minh-chung" not in (await bot.answers())[1]


async def test_a_file_that_is_no_image_or_document_is_refused(fake: FakeZaloApi, bot: Bot) -> None:
    assert bot.rt is not None
    reply = await bot.say(photo=fake.photo("trang.jpg", b"<html>not a photo</html>"))
    assert reply == t("evidence.bad_type", name="photo")
    assert await stored_files(bot.rt) == []


async def officer_attaches(settings: Settings, clock: FakeClock, doc: Path) -> str:
    """A console officer answers up to the evidence question and sends ``doc``
    with /attach; what the console printed."""
    rt = await Runtime.open(settings, clock)
    try:
        codes = await seed(rt)
        router = Router(rt)
        await register(Chat(router, "u1"), codes["SNV"])
        lines = "/baocao 6-thang\n" + "\n".join(TO_EVIDENCE) + f"\n/attach {doc}\n"
        out = io.StringIO()
        await console_chat(router.handle, "u1", None, io.StringIO(lines), out)
        [row] = await stored_files(rt)
        assert (row.name, row.mime, row.channel) == ("bien-ban.pdf", "application/pdf", "console")
        return out.getvalue()
    finally:
        await rt.close()


def test_console_attach_is_kept_and_the_cli_gets_it_back(
    settings: Settings, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = tmp_path / "bien-ban.pdf"
    doc.write_bytes(PDF)
    assert "📎" in asyncio.run(officer_attaches(settings, clock, doc))
    monkeypatch.setenv("DVBOT_DATABASE_URL", settings.database_url)
    target = tmp_path / "ve.pdf"
    result = CliRunner().invoke(app, ["evidence", "get", ref(PDF), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == PDF and "application/pdf" in result.output
    missing = CliRunner().invoke(app, ["evidence", "get", "MC-ffffffffffff"])
    assert missing.exit_code == 1
    bad = CliRunner().invoke(app, ["evidence", "get", "not-a-ref"])
    assert bad.exit_code == 1


async def test_a_file_changed_on_disk_is_not_handed_out(rt: Runtime, settings: Settings) -> None:
    codes = await seed(rt)
    router = Router(rt)
    officer = Chat(router, "u1")
    await register(officer, codes["SNV"])
    await officer.say("/baocao 6-thang")
    for typed in TO_EVIDENCE:
        await officer.say(typed)
    pdf = Attachment(kind="document", file_id="file-hop.pdf", name="hop.pdf", mime="application/pdf", data=PDF)
    assert "📎" in await officer.send(Incoming(Channel.CONSOLE, "u1", "u1", attachment=pdf))
    sha = hashlib.sha256(PDF).hexdigest()
    (settings.evidence_root / sha[:2] / sha).write_bytes(b"%PDF-1.7 doctored")
    await make_admin(rt, "boss", "TN")
    boss = Chat(router, "boss")
    reply = await boss.say(f"/minhchung {ref(PDF)}")
    assert boss.last[0].document is None and reply == t("error.not_found")


def test_the_export_names_a_kept_file_by_its_reference() -> None:
    from bot.domain.plan.model import Question

    q = Question.model_validate({"id": "minh-chung", "type": "evidence", "text": "Minh chứng"})
    sha = hashlib.sha256(PDF).hexdigest()
    cell = kind_of("evidence").cell(q, {"kind": "document", "name": "bien-ban.pdf", "sha256": sha}, "vi")
    assert cell == f"bien-ban.pdf [{ref(PDF)}]"
