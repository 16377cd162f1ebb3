"""Shared fixtures: a migrated runtime on a temporary SQLite database with a
fake clock, the bundled province plan, a small unit tree and invite codes,
and a chat helper that reads like a transcript."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.clock import FakeClock
from bot.core.messages import Attachment, Channel, ChatKind, Incoming, Outgoing
from bot.core.settings import Settings
from bot.domain.plan.loader import load_plan
from bot.services.runtime import Runtime
from bot.shell.channels import install as install_channels
from handlers.router import Router
from storage import invites as invite_store
from storage import plans as plan_store
from storage import units as unit_store
from tests.support.postgres import fresh_postgres, postgres_reachable

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
SEEDS = ROOT / "tests" / "data" / "seeds"  # copies of ../shared/seeds
PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"

# 09:00 on 2 May 2025 in Hà Nội time: between the plan's deadlines.
START = dt.datetime(2025, 5, 2, 2, 0, tzinfo=dt.UTC)

UNITS = [
    ("TN", "UBND tỉnh Tây Ninh", None, "tinh"),
    ("SNV", "Sở Nội vụ", "TN", "so"),
    ("STC", "Sở Tài chính", "TN", "so"),
    ("X-TANAN", "UBND phường Tân An", "TN", "xa"),
]


@pytest.fixture
async def pg_rt() -> AsyncIterator[Runtime]:
    """A migrated runtime on a fresh PostgreSQL database (skipped when unreachable)."""
    if not postgres_reachable():
        pytest.skip("PostgreSQL not reachable on 127.0.0.1:5432")
    async with fresh_postgres() as settings:
        rt = await Runtime.open(settings, FakeClock(START))
        try:
            yield rt
        finally:
            await rt.close()


@pytest.fixture(autouse=True)
def channels_installed() -> None:
    """What the composition root does at start-up: register every channel's
    capabilities (again for each test, so one test's settings never leak)."""
    install_channels(Settings(_env_file=None))  # type: ignore[call-arg]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/dvbot.sqlite3", _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
async def rt(settings: Settings, clock: FakeClock) -> AsyncIterator[Runtime]:
    runtime = await Runtime.open(settings, clock)
    yield runtime
    await runtime.close()


async def seed(rt: Runtime, plan_file: str = "tay-ninh-2025.yaml") -> dict[str, str]:
    """Load the plan and the unit tree; return one fresh invite code per unit."""
    now = rt.clock.now()
    codes: dict[str, str] = {}
    async with rt.begin() as conn:
        await plan_store.store_plan(conn, load_plan(PLANS / plan_file), now=now)
        for code, name, parent, level in UNITS:
            unit = await unit_store.add_unit(conn, code, name, now=now, parent_code=parent, level=level)
            [codes[code]] = await invite_store.create_invites(conn, unit.id, count=1, days=30, now=now)
    return codes


@pytest.fixture
async def codes(rt: Runtime) -> dict[str, str]:
    return await seed(rt)


class Chat:
    """One person talking to the bot through the router: ``chat.say("…")``
    returns the bot's replies joined by blank lines."""

    def __init__(self, router: Router, user: str, channel: Channel = Channel.CONSOLE) -> None:
        self.router = router
        self.user = user
        self.channel = channel
        self.last: list[Outgoing] = []

    async def send(self, incoming: Incoming) -> str:
        self.last = await self.router.handle(incoming)
        return "\n\n".join(o.text for o in self.last)

    async def say(self, text: str, *, key: str | None = None) -> str:
        return await self.send(Incoming(self.channel, self.user, self.user, text=text, update_key=key))

    async def press(self, value: str) -> str:
        return await self.send(Incoming(self.channel, self.user, self.user, choice=value))

    async def attach(self, name: str = "bien-ban.pdf", kind: str = "document") -> str:
        att = Attachment(kind=kind, file_id=f"file-{name}", name=name, size=1234, mime="application/pdf")
        return await self.send(Incoming(self.channel, self.user, self.user, attachment=att))

    async def group(self, chat_id: str, text: str) -> str:
        return await self.send(Incoming(self.channel, chat_id, self.user, chat_kind=ChatKind.GROUP, text=text))


@pytest.fixture
def router(rt: Runtime) -> Router:
    return Router(rt)


@pytest.fixture
def chat(router: Router) -> Chat:
    return Chat(router, "u1")


async def register(chat: Chat, code: str, name: str = "Nguyễn Văn An") -> str:
    await chat.say(f"/start {code}")
    await chat.say("1")
    await chat.say(name)
    await chat.say("Chuyên viên")
    return await chat.say("0912 345 678")
