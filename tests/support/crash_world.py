"""The world the crash harness (:mod:`tests.support.crash`) runs in: a plan
of text questions, one unit per officer, officers registered on the fake
Telegram and the fake Zalo Bot Platform, and the environment of the
``dvbot run`` it starts and kills.

Every answer is a text unique to its officer and question ("tg1 ý 7"), so a
stored answer shows which question it was meant for: an answer stored on
another question is caught by its text alone.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from bot.core.messages import Channel
from bot.core.settings import Settings
from bot.domain.plan.loader import load_plan_data
from bot.services.runtime import Runtime
from storage import officers as officer_store
from storage import plans as plan_store
from storage import reminders as reminder_store
from storage import submissions as sub_store
from storage import units as unit_store
from storage.schema import processed_updates
from tests.support.live import ROOT

PLAN, ROUND = "crash-2026", "bao-cao"


def plan_data(questions: int) -> dict[str, object]:
    """One round of ``questions`` required free-text questions."""
    return {
        "schema_version": 1, "code": PLAN, "title": "Kế hoạch thử khởi động lại", "year": 2026,
        "level": "tinh", "document": {"number": "9/KH-TEST", "date": "2026-01-05", "issuer": "UBND tỉnh Tây Ninh"},
        "rounds": [{
            "id": ROUND, "title": "Báo cáo thử", "kind": "report", "deadline": "2026-12-31",
            "sections": [{"id": "noi-dung", "title": "Nội dung", "questions": [
                {"id": f"q{k}", "type": "text", "text": f"Nội dung thứ {k}"} for k in range(1, questions + 1)
            ]}],
        }],
    }


@dataclass
class Officer:
    """One officer, as the harness plays them: what they were last asked,
    what they sent without seeing its answer, and what the bot acknowledged."""

    name: str
    channel: Channel
    chat: str  # chat id on the platform (= user id: private chats)
    unit_id: int = 0
    asked: int = 0  # the question number of the last "Câu K/N" the officer read
    pending: int = 0  # the question of an answer sent and not yet acknowledged (0: none)
    pending_key: str = ""  # that message's platform key (update_id / message_id)
    acked: dict[int, str] = field(default_factory=dict)  # question → the value the bot said it stored
    read: int = 0  # bot messages of this chat read so far

    def value(self, k: int) -> str:
        return f"{self.name} ý {k}"


def officers(per_channel: int) -> list[Officer]:
    tg = [Officer(f"tg{i}", Channel.TELEGRAM, str(7000 + i)) for i in range(1, per_channel + 1)]
    zl = [Officer(f"zl{i}", Channel.ZALO, f"zalo-user-{i}") for i in range(1, per_channel + 1)]
    return tg + zl


async def seed(rt: Runtime, people: list[Officer], questions: int) -> None:
    now = rt.clock.now()
    async with rt.begin() as conn:
        await plan_store.store_plan(conn, load_plan_data(plan_data(questions)), now=now)
        await unit_store.add_unit(conn, "TN", "UBND tỉnh Tây Ninh", now=now, level="tinh")
        for i, o in enumerate(people, 1):
            unit = await unit_store.add_unit(conn, f"DV{i}", f"Đơn vị thử {i}", now=now, parent_code="TN", level="so")
            o.unit_id = unit.id
            await officer_store.create_officer(
                conn, unit_id=unit.id, full_name=f"Cán bộ {o.name}", position="Chuyên viên", phone="0912 345 678",
                locale="vi", channel=str(o.channel), user_id=o.chat, chat_id=o.chat, display_name=o.name, now=now)


async def add_reminders(rt: Runtime, people: list[Officer], trial: int, count: int) -> list[str]:
    """``count`` reminders due now, each to one officer, each with its own text."""
    now = rt.clock.now()
    rows = []
    for i in range(count):
        o = people[(trial + i) % len(people)]
        text = f"Nhắc thử {trial}-{i}"
        rows.append({"dedupe_key": f"crash/{trial}/{i}", "due_at": now, "kind": "manual", "unit_id": None,
                     "plan_code": "*", "round_id": "*", "recipient_kind": "officer", "channel": str(o.channel),
                     "chat_id": o.chat, "officer_id": None, "payload": {"text": text}})
    async with rt.begin() as conn:
        await reminder_store.insert_absent(conn, rows, now)
    return [r["payload"]["text"] for r in rows]  # type: ignore[index]


async def stored(rt: Runtime) -> dict[int, dict[str, object]]:
    """unit id → question id → stored value."""
    async with rt.begin() as conn:
        return await sub_store.answers_for_round(conn, PLAN, ROUND)


async def history(rt: Runtime) -> dict[int, list[tuple[str, object]]]:
    """unit id → every (question id, value) ever stored, revisions included."""
    async with rt.begin() as conn:
        subs = await sub_store.submissions_for_round(conn, PLAN, ROUND)
        out: dict[int, list[tuple[str, object]]] = {}
        for unit_id, sub in subs.items():
            out[unit_id] = [(r["question_id"], r["new_value"]) for r in await sub_store.revisions(conn, sub.id)]
        return out


async def handled(rt: Runtime, channel: Channel, key: str) -> bool:
    """Whether an update was handled and committed (the database replay guard saw it)."""
    async with rt.begin() as conn:
        row = await conn.execute(sa.select(processed_updates.c.update_key).where(
            processed_updates.c.channel == str(channel), processed_updates.c.update_key == key))
        return row.first() is not None


async def reminder_outcomes(rt: Runtime) -> tuple[list[str], dict[str, int]]:
    """The statuses of the harness's reminders, and per text how many of its
    deliveries were left at 'sending' (a send whose mark the kill cut off)."""
    async with rt.begin() as conn:
        rows = [r for r in await reminder_store.list_reminders(conn) if r.dedupe_key.startswith("crash/")]
        log = await reminder_store.deliveries_of(conn)
    by_id = {r.id: str(r.payload["text"]) for r in rows}
    unfinished: dict[str, int] = {}
    for d in log:
        if d["outcome"] == "sending" and d["reminder_id"] in by_id:
            unfinished[by_id[d["reminder_id"]]] = unfinished.get(by_id[d["reminder_id"]], 0) + 1
    return [r.status for r in rows], unfinished


def settings(db: Path) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{db}", _env_file=None)  # type: ignore[call-arg]


def bot_env(db: Path, telegram: tuple[str, str], zalo: tuple[str, str]) -> dict[str, str]:
    """``dvbot run`` against the fakes: polling both, ticking reminders every
    second, with a reminder lease short enough that a restarted bot takes the
    dead one's over at once. The reply lease is longer than the officers'
    patience, so a lost reply reaches them through their resend (recognised
    as such), not through the timer."""
    return {
        "PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "HOME": os.environ.get("HOME", "/tmp"),
        "PYTHONIOENCODING": "utf-8", "DVBOT_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "DVBOT_TELEGRAM_TOKEN": telegram[0], "DVBOT_TELEGRAM_API_BASE": telegram[1],
        "DVBOT_TELEGRAM_BOT_USERNAME": "dvbot_test_bot",
        "DVBOT_ZALO_TOKEN": zalo[0], "DVBOT_ZALO_API_BASE": zalo[1], "DVBOT_ZALO_RATE_PER_SECOND": "50",
        "DVBOT_REMINDER_TICK_SECONDS": "1", "DVBOT_REMINDER_LEASE_SECONDS": "2",
        "DVBOT_REPLY_LEASE_SECONDS": "5", "DVBOT_LOG_LEVEL": "WARNING",
    }


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
