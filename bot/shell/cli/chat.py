"""``dvbot chat`` (the console channel) and ``dvbot demo``."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.channels.console import chat
from bot.core.settings import Settings
from bot.domain.plan.loader import load_plan, rollover
from bot.services.runtime import Runtime
from bot.shell.cli.common import settings_of
from bot.shell.logs import console_logging
from handlers.router import Router
from locales import t
from plans import bundled_path
from storage import admins as admin_store
from storage import invites as invite_store
from storage import plans as plan_store
from storage import units as unit_store

DEMO_DB = Path("data/demo.sqlite3")
DEMO_PLAN = bundled_path("tay-ninh-2025")
DEMO_UNITS = [
    ("TN", "UBND tỉnh Tây Ninh", None, "tinh"),
    ("SNV", "Sở Nội vụ", "TN", "so"),
    ("STC", "Sở Tài chính", "TN", "so"),
    ("SYT", "Sở Y tế", "TN", "so"),
    ("X-TANAN", "UBND phường Tân An", "TN", "xa"),
    ("X-HOATHANH", "UBND xã Hòa Thành", "TN", "xa"),
]


def _quiet_terminal(lang: str) -> None:
    log_file = console_logging(sys.stdin.isatty())
    if log_file is not None:
        typer.echo(t("cli.log_file", lang, path=log_file))


async def run_chat(settings: Settings, user: str, name: str | None) -> None:
    rt = await Runtime.open(settings)
    try:
        await chat(Router(rt).handle, user, name, sys.stdin, sys.stdout, lang=settings.locale)
    finally:
        await rt.close()


async def build_demo(settings: Settings) -> list[tuple[str, str, str]]:
    """A fresh demo database: the province plan rolled to this year, a small
    unit tree, a console admin, and one invite code per unit."""
    rt = await Runtime.open(settings)
    try:
        now = rt.clock.now()
        year = now.astimezone(settings.tz).year
        plan = load_plan(DEMO_PLAN)
        if plan.year != year:
            plan = rollover(plan, year)
        codes = []
        async with rt.begin() as conn:
            await plan_store.store_plan(conn, plan, now=now, source=str(DEMO_PLAN), loaded_by="demo")
            for code, name, parent, level in DEMO_UNITS:
                unit = await unit_store.add_unit(conn, code, name, now=now, parent_code=parent, level=level)
                if parent is None:
                    await admin_store.add_admin(conn, "console", "admin", unit.id, now=now,
                                                name="Quản trị demo", created_by="demo")
                    continue
                [invite] = await invite_store.create_invites(conn, unit.id, count=1, days=30, now=now, created_by="demo")
                codes.append((code, name, invite))
        return codes
    finally:
        await rt.close()


def demo_settings(settings: Settings, db: Path) -> Settings:
    if db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    return settings.model_copy(update={"database_url": f"sqlite+aiosqlite:///{db}"})


def start_demo(settings: Settings, db: Path, user: str) -> None:
    _quiet_terminal(settings.locale)
    settings = demo_settings(settings, db)
    codes = asyncio.run(build_demo(settings))
    lang = settings.locale
    typer.echo(t("cli.demo_database", lang, db=db))
    typer.echo(t("cli.demo_codes", lang))
    for code, name, invite in codes:
        typer.echo(f"  {invite}  {name} ({code})")
    typer.echo(t("cli.demo_hint", lang, code=codes[0][2]))
    typer.echo("")
    asyncio.run(run_chat(settings, user, "Demo"))


def register(app: typer.Typer) -> None:
    @app.command("chat")
    def chat_cmd(
        ctx: typer.Context,
        user: Annotated[str, typer.Option(help="the console user id to talk as")],
        name: Annotated[str | None, typer.Option(help="display name")] = None,
    ) -> None:
        """Talk to the bot in the terminal as USER (one message per line when piped)."""
        _quiet_terminal(settings_of(ctx).locale)
        asyncio.run(run_chat(settings_of(ctx), user, name))

    @app.command("demo")
    def demo_cmd(
        ctx: typer.Context,
        db: Annotated[Path, typer.Option(help="demo database file (recreated)")] = DEMO_DB,
        user: Annotated[str, typer.Option(help="console user id")] = "demo",
    ) -> None:
        """Fresh demo database (plan, units, invite codes), then chat."""
        start_demo(settings_of(ctx), db, user)
