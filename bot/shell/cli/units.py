"""``dvbot units add|list`` and ``dvbot invite``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.core.errors import NotFound
from bot.services import grants
from bot.services.runtime import Runtime
from bot.shell.cli.common import run_with_runtime, settings_of
from bot.shell.cli.units_csv import TYPE
from storage import invites as invite_store
from storage import units as unit_store

units_app = typer.Typer(no_args_is_help=True)


@units_app.command("add")
def add_cmd(
    ctx: typer.Context,
    code: str,
    name: str,
    parent: Annotated[str | None, typer.Option()] = None,
    level: Annotated[str, typer.Option()] = "don-vi",
    type_: Annotated[str | None, typer.Option("--type")] = None,
) -> None:
    """Add a unit to the tree."""
    kind = type_.lower() if type_ else None
    if kind is not None and not TYPE.fullmatch(kind):
        typer.echo(f"dvbot: unit type {kind!r} must be lower-case letters, digits and '-' (e.g. thanh-tra)", err=True)
        raise typer.Exit(1)

    async def _go(rt: Runtime) -> None:
        async with rt.begin() as conn:
            unit = await unit_store.add_unit(conn, code, name, now=rt.clock.now(), parent_code=parent, level=level,
                                          type=kind)
        typer.echo(f"added {unit.code}  {unit.name}")

    run_with_runtime(ctx, _go)


@units_app.command("list")
def list_cmd(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all")] = False,
    no_officer: Annotated[bool, typer.Option("--no-officer")] = False,
) -> None:
    """The unit tree (or the units still waiting for their officer)."""

    async def _go(rt: Runtime) -> None:
        async with rt.begin() as conn:
            if no_officer:
                lines = [f"{u.code}  {u.name}" for u in await grants.units_without_officer(conn)]
            else:
                lines = unit_store.tree_lines(await unit_store.list_units(conn, include_retired=all_))
        for line in lines or ["(no units)"]:
            typer.echo(line)

    run_with_runtime(ctx, _go)


async def make_invites(rt: Runtime, unit_code: str, count: int, days: int, by: str = "cli", *,
                       force: bool = True) -> list[str]:
    """New codes for the unit; unless ``force``, refused (``HasOfficer``) for
    a unit an active officer is already registered for."""
    async with rt.begin() as conn:
        unit = await unit_store.find_unit(conn, unit_code)
        if unit is None:
            raise NotFound(f"no unit with code {unit_code}")
        officers = [] if force else await grants.officers_of(conn, unit)
        if officers:
            raise HasOfficer(f"{unit.code} already has an active officer: {', '.join(o.full_name for o in officers)}."
                             " Run again with --force to make a code anyway.")
        return await invite_store.create_invites(conn, unit.id, count=count, days=days, now=rt.clock.now(), created_by=by)


class HasOfficer(Exception):
    """An invite asked for a unit that has its officer, without ``--force``."""


def register(app: typer.Typer) -> None:
    app.add_typer(units_app, name="units")

    @app.command("invite")
    def invite_cmd(
        ctx: typer.Context,
        unit: Annotated[str, typer.Option()],
        count: Annotated[int, typer.Option(min=1, max=1000)] = 1,
        days: Annotated[int, typer.Option(min=1, max=365)] = 30,
        all_children: Annotated[bool, typer.Option("--all-children")] = False,
        out: Annotated[Path | None, typer.Option()] = None,
        bot_username: Annotated[str | None, typer.Option()] = None,
        force: Annotated[bool, typer.Option("--force")] = False,
    ) -> None:
        """Create invite codes for a unit's officer (or every unit below it); prints one code a
        line, followed by its Telegram deep link when the bot's username is known."""
        bot_username = bot_username or settings_of(ctx).telegram_bot_username
        if not all_children and out is None:

            async def _go(rt: Runtime) -> None:
                try:
                    codes = await make_invites(rt, unit, count, days, force=force)
                except HasOfficer as exc:
                    typer.echo(str(exc), err=True)
                    raise typer.Exit(1) from exc
                for code in codes:
                    link = f"https://t.me/{bot_username.lstrip('@')}?start={code}" if bot_username else ""
                    typer.echo(f"{code}  {link}" if link else code)

            run_with_runtime(ctx, _go)
            return
        from bot.shell.cli.invites_csv import mass_invites

        content, skipped = run_with_runtime(
            ctx, lambda rt: mass_invites(rt, unit, count, days, all_children, bot_username, force=force))
        if skipped:
            typer.echo(f"skipped {', '.join(skipped)} (already has an active officer; --force to include)", err=True)
        if out is None:
            typer.echo(content.decode("utf-8-sig"), nl=False)
        else:
            out.write_bytes(content)
            typer.echo(f"wrote {out}")
