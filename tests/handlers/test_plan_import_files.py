"""A plan document sent as a file in chat (/nhapkehoach, then the file — or
the file captioned /nhapkehoach): read as ``dvbot plan import`` reads it,
the same preview and choices as pasted text; the router hands the bytes on
instead of keeping them as evidence, so an admin who is no officer is read
too and a refused file leaves nothing behind. A photo, a file that is not a
plan, a damaged or unsupported one get a clear answer and the flow goes on."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from bot.core.messages import Attachment, Channel, Incoming
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import admins as admin_store
from storage.plans import latest_plan
from storage.schema import evidence_files, plans
from tests.channels.telegram_support import MakeAdapter, TgUser, fake_telegram, make_adapter, wire
from tests.conftest import Chat, register
from tests.fakes.telegram_api import FakeTelegram, FakeUser
from tests.handlers.test_plan_import_chat import SEED
from tests.shell.test_cli_plan_import import write_docx
from tests.support.admin import make_admin

__all__ = ["fake_telegram", "make_adapter"]  # fixtures used by name

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"anh chup van ban" * 50


def docx_of(text: str, tmp_path: Path) -> bytes:
    path = tmp_path / "ke-hoach.docx"
    write_docx(text, path)
    return path.read_bytes()


def sent(chat: Chat, name: str, data: bytes, mime: str = DOCX, *, kind: str = "document",
         caption: str | None = None) -> Incoming:
    att = Attachment(kind=kind, file_id=f"file-{name}", name=name, size=len(data), mime=mime, data=data,
                     caption=caption)
    return Incoming(chat.channel, chat.user, chat.user, text=caption, attachment=att)


async def _count(rt: Runtime, table: sa.Table) -> int:
    async with rt.begin() as conn:
        return int((await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())


async def test_an_admin_sends_the_docx_sees_the_preview_and_activates_it(
    rt: Runtime, router: Router, codes: dict[str, str], tmp_path: Path
) -> None:
    await make_admin(rt, "admin-tn", "TN")  # an admin who is no officer
    admin = Chat(router, "admin-tn")
    before = await _count(rt, plans)
    assert "tệp" in await admin.say("/nhapkehoach")
    preview = await admin.send(sent(admin, "ke-hoach-tu-xuyen.docx", docx_of(SEED, tmp_path)))
    assert "Lĩnh vực (phần nội dung): 7" in preview and "Thời hạn: 2" in preview
    assert "1. Kích hoạt" in preview and "2. Bỏ bản nháp" in preview
    assert await _count(rt, plans) == before and await _count(rt, evidence_files) == 0  # read, not kept
    assert "Đã kích hoạt kế hoạch xa-tu-xuyen-2024, phiên bản 1" in await admin.say("1")
    async with rt.begin() as conn:
        stored = await latest_plan(conn, "xa-tu-xuyen-2024")
    assert stored is not None and stored.plan.applies_to == ["TN"]
    assert [r.id for r in stored.plan.rounds] == ["6-thang", "ca-nam"]


async def test_the_file_captioned_with_the_command_on_telegram_gives_the_draft_file(
    rt: Runtime, router: Router, codes: dict[str, str], tmp_path: Path
) -> None:
    await make_admin(rt, "admin-tg", "TN", channel=Channel.TELEGRAM)
    admin = Chat(router, "admin-tg", channel=Channel.TELEGRAM)
    await admin.send(sent(admin, "kh.docx", docx_of(SEED, tmp_path), caption="/nhapkehoach"))
    [reply] = admin.last
    assert "Lĩnh vực (phần nội dung): 7" in reply.text
    assert reply.document is not None and reply.document[0] == "xa-tu-xuyen-2024.yaml"
    assert b"# d\xc3\xb2ng" in reply.document[1]  # "# dòng …": the source comments
    assert "không có gì được lưu" in await admin.say("2")


async def test_on_the_zalo_oa_the_yaml_is_not_a_file_it_delivers(rt: Runtime, router: Router, codes: dict[str, str]) -> None:
    await make_admin(rt, "admin-oa", "TN", channel=Channel.ZALO_OA)
    admin = Chat(router, "admin-oa", channel=Channel.ZALO_OA)
    await admin.say("/nhapkehoach")
    await admin.send(sent(admin, "ke-hoach.txt", SEED.encode("utf-8"), "text/plain"))
    pointer, preview = admin.last
    assert "dvbot plan import" in pointer.text and preview.document is None
    assert "Lĩnh vực (phần nội dung): 7" in preview.text


async def test_a_photo_or_a_bad_file_is_refused_and_the_flow_goes_on(
    rt: Runtime, router: Router, codes: dict[str, str], tmp_path: Path
) -> None:
    await make_admin(rt, "admin-tn", "TN")
    admin = Chat(router, "admin-tn")
    await admin.say("/nhapkehoach")
    minutes = "Biên bản họp chi bộ.\nNội dung: bàn việc quý II.\n- Ý kiến các đồng chí."
    refusals = [
        (sent(admin, "anh.jpg", JPEG, "image/jpeg", kind="photo"), "Đây là ảnh"),
        (sent(admin, "bien-ban.docx", docx_of(minutes, tmp_path)), "không phải là kế hoạch"),
        (sent(admin, "hong.docx", b"PK\x03\x04 not really a zip"), "tệp bị hỏng"),
        (sent(admin, "ke-hoach.odt", b"PK\x03\x04 odt", "application/vnd.oasis.opendocument.text"), ".odt"),
        (sent(admin, "trong.txt", b"  \n", "text/plain"), "Tệp trống"),
    ]
    for incoming, said in refusals:
        reply = await admin.send(incoming)
        assert said in reply and "Không có gì được lưu" in reply and "/huy" in reply
    assert await _count(rt, evidence_files) == 0
    # … the flow is still there: the right file is read
    assert "Lĩnh vực (phần nội dung): 7" in await admin.send(sent(admin, "kh.txt", SEED.encode(), "text/plain"))


async def test_an_officer_sending_a_plan_file_with_the_command_is_refused(
    rt: Runtime, router: Router, codes: dict[str, str], tmp_path: Path
) -> None:
    officer = Chat(router, "lan")
    await register(officer, codes["SNV"])
    before = await _count(rt, plans)
    reply = await officer.send(sent(officer, "kh.docx", docx_of(SEED, tmp_path), caption="/nhapkehoach"))
    assert "quản trị" in reply and "Lĩnh vực" not in reply
    assert await _count(rt, plans) == before and await _count(rt, evidence_files) == 0
    assert "1. Kích hoạt" not in await officer.say("1")


BOSS = FakeUser(7101, "Hoa", "vi")


async def test_telegram_end_to_end_the_document_uploaded_then_activated(
    fake_telegram: FakeTelegram, rt: Runtime, codes: dict[str, str], make_adapter: MakeAdapter, tmp_path: Path
) -> None:
    await make_admin(rt, str(BOSS.id), "TN", channel=Channel.TELEGRAM)
    boss = TgUser(fake_telegram, await wire(rt, make_adapter), BOSS)
    out = await boss.upload("ke-hoach-tu-xuyen.docx", docx_of(SEED, tmp_path), DOCX, caption="/nhapkehoach")
    assert "Lĩnh vực (phần nội dung): 7" in out
    [draft] = [m["document"] for m in fake_telegram.bot_messages(BOSS.id) if "document" in m]
    assert draft["file_name"] == "xa-tu-xuyen-2024.yaml"
    assert "Đã kích hoạt kế hoạch xa-tu-xuyen-2024" in await boss.say("1")
    assert await _count(rt, evidence_files) == 0


async def test_an_officer_who_is_also_an_admin_has_the_plan_read_not_kept_as_evidence(
    rt: Runtime, router: Router, codes: dict[str, str]
) -> None:
    both = Chat(router, "lan")
    await register(both, codes["SNV"])
    await make_admin(rt, "lan", "TN")
    await both.say("/nhapkehoach")
    # a .txt is no evidence type: kept by the router it would have been refused before the flow saw it
    assert "Lĩnh vực (phần nội dung): 7" in await both.send(sent(both, "kh.txt", SEED.encode(), "text/plain"))
    assert await _count(rt, evidence_files) == 0


async def test_a_file_sent_after_the_scope_was_revoked_is_not_read(
    rt: Runtime, router: Router, codes: dict[str, str]
) -> None:
    await make_admin(rt, "admin-tn", "TN")
    admin = Chat(router, "admin-tn")
    await admin.say("/nhapkehoach")
    async with rt.begin() as conn:
        await admin_store.remove_admin(conn, "console", "admin-tn")
    reply = await admin.send(sent(admin, "kh.txt", SEED.encode(), "text/plain"))
    assert "thu hồi" in reply and "Lĩnh vực" not in reply
    assert "1. Kích hoạt" not in await admin.say("1")
