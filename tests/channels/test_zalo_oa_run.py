"""``dvbot run`` with the Zalo Official Account, end to end: the composition
root starts the OA adapter and the webhook server; the fake OA platform
(OAuth with single-use refresh tokens, /v3.0/oa/message/cs, signed
deliveries) is driven by the real clients. Registration, a whole report
answered by pressing buttons, a token refresh in the middle of it, and
forged, stale and replayed deliveries refused."""

from __future__ import annotations

import asyncio
import hashlib
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell.cli import app
from handlers.router import Router
from locales import t
from storage import submissions as sub_store
from storage import zalo_oa as store
from storage.schema import evidence_files, identities, submissions
from tests.channels.test_zalo_journey import AFTER_PHOTO, AFTER_RESTART, BEFORE_PAUSE
from tests.channels.zalo_oa_support import (
    USER,
    dvbot_run,
    fake_oa,
    free_port,
    oa_settings,
    register,
    seeded,
)
from tests.conftest import Chat
from tests.conftest import register as register_elsewhere
from tests.fakes.zalo_oa_api import APP_ID, FakeOA
from tests.support.admin import make_admin

# The 6-month report as on the Bot Platform journey (tests/channels/test_zalo_journey.py),
# the evidence skipped: a number that names a button is pressed, the rest typed.
REPORT = [*BEFORE_PAUSE, "/boqua", *AFTER_PHOTO, *AFTER_RESTART]


async def _answers(settings: Settings) -> tuple[str, int]:
    rt = await Runtime.open(settings)
    try:
        async with rt.begin() as conn:
            row = (await conn.execute(sa.select(submissions))).one()
            linked = (await conn.execute(sa.select(sa.func.count()).select_from(identities)
                                         .where(identities.c.channel == "zalo_oa"))).scalar_one()
            return row.status, int(linked)
    finally:
        await rt.close()


async def _walk(fake: FakeOA, steps: list[str]) -> int:
    """Answer ``steps``; how many were button presses."""
    presses = 0
    for step in steps:
        button = next((b for b in fake.buttons(USER) if b["title"].startswith(f"{step}. ")), None)
        if button is not None:
            presses += 1
        reply = await fake.say(USER, button["payload"] if button else step)
        assert "⚠️" not in reply, (step, reply)
    return presses


async def test_an_officer_registers_and_reports_by_pressing_buttons(tmp_path: Path) -> None:
    async with fake_oa() as fake:
        settings = oa_settings(tmp_path / "db.sqlite3", fake, free_port(), fake.authorize())
        codes = await seeded(settings)
        async with dvbot_run(settings, fake):
            assert "Đăng ký thành công" in await register(fake, codes["SNV"])
            first = await fake.say(USER, "/baocao 6-thang")
            assert "Câu 1/" in first and "1. Đã thực hiện" in first  # the numbers stay in the text
            buttons = fake.buttons(USER)
            assert {b["type"] for b in buttons} == {"oa.query.show"}
            assert [b["title"] for b in buttons][:3] == ["1. Đã thực hiện", "2. Đang thực hiện", "3. Chưa thực hiện"]
            assert all(b["payload"].startswith("#") for b in buttons)
            assert await _walk(fake, REPORT) >= 5  # the choices were pressed
            assert "/nop" in await fake.say(USER, "/xemlai")
            await fake.say(USER, "nộp")
            assert "Đã nộp" in await fake.press(USER, "Nộp")
        assert all(1 <= len(s.text) <= 2000 for s in fake.sent)
        assert fake.refreshes == 1  # the seeded refresh token was spent once (at start, by the refresher)
    assert await _answers(settings) == ("submitted", 1)


async def test_the_access_token_is_refreshed_in_the_middle_of_a_report(tmp_path: Path) -> None:
    async with fake_oa() as fake:
        settings = oa_settings(tmp_path / "db.sqlite3", fake, free_port(), fake.authorize())
        codes = await seeded(settings)
        async with dvbot_run(settings, fake):
            await register(fake, codes["SNV"])
            await fake.say(USER, "/baocao 6-thang")
            await _walk(fake, REPORT[:3])
            fake.expire_access()  # Zalo now answers -216 to the stored access token
            reply = await fake.say(USER, "100")
            assert "✅" in reply and "Câu" in reply
            await _walk(fake, REPORT[4:6])
        assert fake.refreshes == 2 and fake.refused_refreshes == 0
    rt = await Runtime.open(settings)
    try:
        async with rt.begin() as conn:
            row = await store.read(conn, APP_ID)
        assert row is not None and row.access_token in fake.access_tokens and row.refresh_token in fake.refresh_tokens
        assert row.attempt_at is None and row.lost_at is None
    finally:
        await rt.close()


async def test_forged_stale_and_replayed_deliveries_are_refused(tmp_path: Path) -> None:
    async with fake_oa() as fake:
        settings = oa_settings(tmp_path / "db.sqlite3", fake, free_port(), fake.authorize())
        await seeded(settings)
        async with dvbot_run(settings, fake):
            assert await fake.deliver(fake.event(USER, text="/trogiup"), forge=True) == 401
            assert await fake.deliver(fake.event(USER, text="/trogiup", age=600)) == 403
            assert fake.texts(USER) == []  # neither was handled
            assert await fake.deliver(fake.event(USER, text="/trogiup", msg_id="m-1")) == 200
            await fake.wait_sent(USER, 1)
            await fake.settle(USER)
            answered = len(fake.texts(USER))
            assert await fake.replay() == 200  # Zalo's retry is acknowledged …
            assert await fake.deliver(fake.event(USER, text="/trogiup", msg_id="m-1")) == 200
            await fake.settle(USER)
            assert len(fake.texts(USER)) == answered  # … and not answered twice
        rt = await Runtime.open(settings)
        try:
            async with rt.begin() as conn:
                row = await store.read(conn, APP_ID)
            assert row is not None and row.webhook_ok_at is not None
            assert row.webhook_refused_reason is not None and "OA Secret Key" in row.webhook_refused_reason
        finally:
            await rt.close()


async def test_a_reply_zalo_did_not_take_is_sent_again_from_the_reply_outbox(tmp_path: Path) -> None:
    async with fake_oa() as fake:
        settings = oa_settings(tmp_path / "db.sqlite3", fake, free_port(), fake.authorize())
        codes = await seeded(settings)
        async with dvbot_run(settings, fake):
            await register(fake, codes["SNV"])
            await fake.say(USER, "/baocao 6-thang")
            before = len(fake.texts(USER))
            fake.fail_sends = 3  # the send and both of the client's retries answer 502
            assert await fake.deliver(fake.event(USER, text="1")) == 200
            notice, redelivered = (await fake.wait_sent(USER, before + 2, within=20))[before:]
            assert "gửi lại" in notice and "✅" in redelivered and "Câu 2/" in redelivered
            assert fake.buttons(USER)  # the redelivered question keeps its buttons
        assert (await _answers(settings))[0] == "draft"


async def test_evidence_is_downloaded_at_once_and_kept_in_the_shared_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OA photo goes where every channel's evidence goes (bot/services/evidence.py):
    by its hash under DVBOT_EVIDENCE_DIR, a row in evidence_files, the answer naming
    the hash; admins get it back with /minhchung and `dvbot evidence get`."""
    async with fake_oa() as fake:
        settings = oa_settings(tmp_path / "db.sqlite3", fake, free_port(), fake.authorize(),
                               max_evidence_bytes=1024 * 1024)
        codes = await seeded(settings)
        photo = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 a photo of the conference" * 100
        async with dvbot_run(settings, fake):
            await register(fake, codes["SNV"])
            await fake.say(USER, "/baocao 6-thang")
            await _walk(fake, BEFORE_PAUSE)  # up to the evidence question
            before = len(fake.texts(USER))
            big = fake.attachment("scan.pdf", b"x" * (1536 * 1024), kind="file")
            assert await fake.deliver(fake.event(USER, "user_send_file", attachments=big)) == 200
            [refused] = (await fake.wait_sent(USER, before + 1))[before:]
            assert "lớn hơn 1 MB" in refused
            page = fake.attachment("trang.pdf", b"<html>not a document</html>", kind="file")
            assert await fake.deliver(fake.event(USER, "user_send_file", attachments=page)) == 200
            [bad] = (await fake.wait_sent(USER, before + 2))[before + 1:]
            assert bad == t("evidence.bad_type", name="trang.pdf")  # the shared store's rule
            image = fake.attachment("hoi-nghi.jpg", photo)
            assert await fake.deliver(fake.event(USER, "user_send_image", attachments=image)) == 200
            await fake.wait_sent(USER, before + 3)
            await fake.settle(USER)
            assert "📎" in "\n".join(fake.texts(USER)[before + 2:])
        digest = hashlib.sha256(photo).hexdigest()
        assert (settings.evidence_root / digest[:2] / digest).read_bytes() == photo
    rt = await Runtime.open(settings)
    try:
        async with rt.begin() as conn:
            row = (await conn.execute(sa.select(submissions))).one()
            stored = await sub_store.load_answers(conn, row.id)
            [kept] = (await conn.execute(sa.select(evidence_files))).all()
        assert (kept.sha256, kept.size, kept.mime, kept.sent_by) == (digest, len(photo), "image/jpeg", f"zalo_oa:{USER}")
        assert stored["quan-triet.minh-chung"]["sha256"] == digest
        ref = "MC-" + digest[:12]
        await make_admin(rt, "boss", "TN")
        boss = Chat(Router(rt), "boss")
        assert ref in await boss.say(f"/minhchung {ref}")
        assert boss.last[0].document == (f"{ref}.jpg", photo)
    finally:
        await rt.close()
    monkeypatch.setenv("DVBOT_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("DVBOT_EVIDENCE_DIR", str(settings.evidence_root))
    out = tmp_path / "ve.jpg"
    # the CLI runs its own event loop: off this one
    result = await asyncio.to_thread(CliRunner().invoke, app, ["evidence", "get", ref, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == photo


async def test_an_officer_registered_elsewhere_adds_the_oa_with_lienket(tmp_path: Path) -> None:
    """/lienket on another channel gives a one-time code; sent on the OA it adds
    the OA to the same profile (the follow greeting says how); a wrong code is refused."""
    async with fake_oa() as fake:
        settings = oa_settings(tmp_path / "db.sqlite3", fake, free_port(), fake.authorize())
        codes = await seeded(settings)
        rt = await Runtime.open(settings)
        try:
            console = Chat(Router(rt), "an-console")
            await register_elsewhere(console, codes["SNV"])
            [code] = re.findall(r"\bL[A-Z0-9]{7}\b", await console.say("/lienket"))
        finally:
            await rt.close()
        async with dvbot_run(settings, fake):
            assert await fake.deliver(fake.event(USER, "follow")) == 200
            assert "/lienket" in (await fake.wait_sent(USER, 1))[0]  # the greeting says how
            assert await fake.say(USER, "/lienket LZZZZZZZ") == t("link.bad_code")
            linked = await fake.say(USER, f"/lienket {code}")
            assert linked.startswith(t("link.done", name="Nguyễn Văn An", unit="Sở Nội vụ"))
            assert "Câu 1/" in await fake.say(USER, "/baocao 6-thang")  # the same officer, on the OA
    rt = await Runtime.open(settings)
    try:
        async with rt.begin() as conn:
            rows = (await conn.execute(sa.select(identities.c.channel, identities.c.officer_id))).all()
    finally:
        await rt.close()
    assert {r.channel for r in rows} == {"console", "zalo_oa"} and len({r.officer_id for r in rows}) == 1
