"""Two ``dvbot run`` replicas on one PostgreSQL database behind one address
(issue #16, deploy/README.md): the Zalo OA's deliveries go to one replica or
the other, as a load balancer without sticky sessions sends them, and some
are delivered again to the other one (the platform's retry). Real processes,
the fake OA driven by the real client, PostgreSQL as in production.

Checked: every answer is stored on the question it answers, in order, and
the report is submitted; each message gets one reply — a replay to the other
replica gets none and stores nothing; an admin's /nhac queued on one replica
reaches each officer exactly once though both replicas' dispatchers race for
it (one delivery per reminder in the database)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.core.settings import Settings
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import submissions as sub_store
from storage.schema import answers, deliveries, reminders, submissions
from tests.channels.test_zalo_oa_run import REPORT
from tests.channels.zalo_oa_support import REGISTER, USER, fake_oa, free_port, healthy
from tests.conftest import Chat, fresh_postgres, postgres_reachable, register, seed
from tests.fakes.zalo_oa_api import APP_ID, APP_SECRET, OA_SECRET, FakeOA
from tests.support.admin import make_admin
from tests.support.live import LiveBot

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not postgres_reachable(), reason="PostgreSQL not reachable on 127.0.0.1:5432"),
]

OTHERS = {"STC": "4815162342109", "X-TANAN": "4815162342110"}  # two more officers, for the reminders
ADMIN = "4815162342199"
MANUAL = "📣 Quản trị viên nhắc"  # reminders.manual
ASKED = re.compile(r"Câu (\d+)/\d+")


async def _until(done: object, within: float = 30.0) -> None:
    assert callable(done)
    for _ in range(int(within / 0.1)):
        if done():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("not reached in time")


@pytest.fixture
async def pg() -> AsyncIterator[Settings]:
    async with fresh_postgres("dvbot_replicas") as settings:
        yield settings


class Balancer:
    """The reverse proxy: each delivery to the next replica in turn."""

    def __init__(self, fake: FakeOA, ports: list[int]) -> None:
        self.fake, self.urls, self.turn = fake, [f"http://127.0.0.1:{p}/zalo-oa" for p in ports], 0

    async def say(self, user: str, text: str) -> str:
        self.fake.bot_url = self.urls[self.turn % len(self.urls)]
        self.turn += 1
        return await self.fake.say(user, text)

    async def replay_to_the_other(self, user: str) -> None:
        """The platform delivers the last event again, to the replica that did not handle it."""
        before = len(self.fake.texts(user))
        self.fake.bot_url = self.urls[self.turn % len(self.urls)]
        assert await self.fake.replay() == 200
        await asyncio.sleep(1.0)
        await self.fake.settle(user)
        assert len(self.fake.texts(user)) == before, self.fake.texts(user)[before:]


async def _seeded(settings: Settings) -> dict[str, str]:
    rt = await Runtime.open(settings)
    try:
        codes = await seed(rt)
        await make_admin(rt, ADMIN, "TN", channel="zalo_oa")
        return codes
    finally:
        await rt.close()


def _replica(tmp_path: Path, name: str, settings: Settings, fake: FakeOA, port: int, token: str) -> LiveBot:
    (tmp_path / name).mkdir()
    return LiveBot(tmp_path / name, {
        "DVBOT_DATABASE_URL": settings.database_url,
        "DVBOT_ZALO_OA_APP_ID": APP_ID, "DVBOT_ZALO_OA_SECRET_KEY": APP_SECRET,
        "DVBOT_ZALO_OA_WEBHOOK_SECRET": OA_SECRET, "DVBOT_ZALO_OA_REFRESH_TOKEN": token,
        "DVBOT_ZALO_OA_API_BASE": fake.base_url, "DVBOT_ZALO_OA_OAUTH_BASE": fake.base_url,
        "DVBOT_WEBHOOK_URL": "https://dvbot.example.gov.vn", "DVBOT_WEBHOOK_LISTEN": "127.0.0.1",
        "DVBOT_WEBHOOK_PORT": str(port), "DVBOT_REMINDER_TICK_SECONDS": "1",
        "DVBOT_REMINDER_OFFICE_HOURS": "false", "DVBOT_EVIDENCE_DIR": str(tmp_path / "evidence"),
    })


async def _reference(tmp_path: Path) -> dict[str, object]:
    """The answers the same steps store on one process (SQLite, in memory of
    this test): what the replicas must have stored, question by question."""
    rt = await Runtime.open(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/one.sqlite3",  # type: ignore[call-arg]
                                     evidence_dir=str(tmp_path / "ev-one"), _env_file=None))
    try:
        codes = await seed(rt)
        chat = Chat(Router(rt), USER)
        await register(chat, codes["SNV"])
        await chat.say("/baocao 6-thang")
        for step in REPORT:
            await chat.say(step)
        async with rt.begin() as conn:
            sub = (await conn.execute(sa.select(submissions.c.id))).scalar_one()
            return dict(await sub_store.load_answers(conn, sub))
    finally:
        await rt.close()


async def _answers(settings: Settings) -> dict[str, object]:
    rt = await Runtime.open(settings, migrate_db=False)
    try:
        async with rt.begin() as conn:
            sub = (await conn.execute(sa.select(submissions.c.id).where(submissions.c.round_id == "6-thang"))).scalar_one()
            return dict(await sub_store.load_answers(conn, sub))
    finally:
        await rt.close()


async def _read(settings: Settings) -> tuple[str, int, dict[int, int]]:
    """The report's status, its answers, and the sent deliveries of each manual reminder."""
    rt = await Runtime.open(settings, migrate_db=False)
    try:
        async with rt.begin() as conn:
            status = (await conn.execute(sa.select(submissions.c.status)
                                         .where(submissions.c.round_id == "6-thang"))).scalars().all()
            stored = (await conn.execute(sa.select(sa.func.count()).select_from(answers))).scalar_one()
            sent = await conn.execute(
                sa.select(reminders.c.id, sa.func.count(deliveries.c.id))
                .join(deliveries, (deliveries.c.reminder_id == reminders.c.id) & (deliveries.c.outcome == "sent"),
                      isouter=True)
                .where(reminders.c.kind == "manual").group_by(reminders.c.id))
            return ",".join(sorted(status)), int(stored), {int(r[0]): int(r[1]) for r in sent}
    finally:
        await rt.close()


async def test_two_replicas_share_one_officer_and_the_reminders(tmp_path: Path, pg: Settings) -> None:
    codes = await _seeded(pg)
    async with fake_oa() as fake:
        token = fake.authorize()
        ports = [free_port(), free_port()]
        first = _replica(tmp_path, "a", pg, fake, ports[0], token)
        second = _replica(tmp_path, "b", pg, fake, ports[1], token)
        try:
            await first.start()
            await second.start()
            for port in ports:
                await healthy(f"http://127.0.0.1:{port}/healthz")
            lb = Balancer(fake, ports)

            reply = await lb.say(USER, f"/start {codes['SNV']}")
            for typed in REGISTER:
                reply = await lb.say(USER, typed)
            assert "Đăng ký thành công" in reply
            for unit, user in OTHERS.items():
                await lb.say(user, f"/start {codes[unit]}")
                for typed in REGISTER:
                    reply = await lb.say(user, typed)
                assert "Đăng ký thành công" in reply, (unit, reply)

            asked = await lb.say(USER, "/baocao 6-thang")
            assert "Câu 1/" in asked
            for i, step in enumerate(REPORT):
                reply = await lb.say(USER, step)
                assert "⚠️" not in reply, (step, reply)
                if i % 4 == 1:
                    await lb.replay_to_the_other(USER)
            assert "/nop" in await lb.say(USER, "/xemlai")
            assert "Đã nộp" in await lb.say(USER, "nộp") + await lb.say(USER, "1")

            numbers = [int(n) for text in fake.texts(USER) for n in ASKED.findall(text)]
            assert numbers == sorted(set(numbers)), numbers  # each question once, in the plan's order

            status, _, _ = await _read(pg)
            assert status == "submitted"
            assert await _answers(pg) == await _reference(tmp_path)  # none lost, none on another question

            confirm = await lb.say(ADMIN, "/nhac 6-thang")
            assert "Gửi ngay?" in confirm and "2 người phụ trách" in confirm, confirm
            assert "Đã xếp 2 tin nhắc" in await lb.say(ADMIN, "1")
            for user in OTHERS.values():
                await _until(lambda u=user: any(MANUAL in t for t in fake.texts(u)))  # type: ignore[misc]
            await asyncio.sleep(4.0)  # several more ticks of both dispatchers: nothing is sent again
            _, _, per_reminder = await _read(pg)
            assert len(per_reminder) == len(OTHERS) and set(per_reminder.values()) == {1}, per_reminder
            for user in OTHERS.values():
                assert sum(MANUAL in t for t in fake.texts(user)) == 1, fake.texts(user)[-4:]
        finally:
            await first.stop()
            await second.stop()
