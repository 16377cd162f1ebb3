"""``dvbot admin add|list|remove``, ``dvbot export`` and
``dvbot units import|rename|move|retire``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.core.errors import NotFound
from bot.services import grants, web_auth
from bot.services.admin_data import find_round, load_round, unit_tree
from bot.services.export import round_csv, workbook_bytes
from bot.services.runtime import Runtime
from bot.shell.cli.common import run_with_runtime, settings_of
from bot.shell.cli.summary import roots_for
from bot.shell.cli.units import units_app
from bot.shell.cli.units_csv import CsvError, parse_units
from handlers.flows.admin_units import parse_user
from storage import audit
from storage import plans as plan_store
from storage import unit_tree as tree_store
from storage import units as unit_store

admin_app = typer.Typer(no_args_is_help=True)
ACTOR = "cli"


def _user(text: str) -> tuple[str, str]:
    user = parse_user(text)
    if user is None:
        raise typer.BadParameter("expected CHANNEL:ID, e.g. zalo:123456 or telegram:987654")
    return user


@admin_app.command("add")
def admin_add(
    ctx: typer.Context,
    user: Annotated[str, typer.Option()],
    unit: Annotated[str, typer.Option()],
    name: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Make a chat identity admin of a unit's subtree."""
    channel, user_id = _user(user)

    async def _go(rt: Runtime) -> None:
        async with rt.begin() as conn:
            found = await unit_store.find_unit(conn, unit)
            if found is None:
                raise NotFound(f"no unit with code {unit}")
            now = rt.clock.now()
            added = await grants.grant(conn, (channel, user_id), found, name=name, actor=ACTOR, now=now)
        typer.echo(f"{'added' if added else 'already admin'}: {channel}:{user_id} → {found.code} {found.name}")

    run_with_runtime(ctx, _go)


@admin_app.command("list")
def admin_list(ctx: typer.Context) -> None:
    """Every admin and scope."""

    async def _go(rt: Runtime) -> None:
        async with rt.begin() as conn:
            rows = await grants.admins_within(conn)
        for a in rows:
            typer.echo(f"{a.channel}:{a.user_id}\t{a.unit_code}\t{a.unit_name}\t{a.name or ''}")
        if not rows:
            typer.echo("(no admins)")

    run_with_runtime(ctx, _go)


@admin_app.command("remove")
def admin_remove(
    ctx: typer.Context,
    user: Annotated[str, typer.Option()],
    unit: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Revoke admin rights."""
    channel, user_id = _user(user)

    async def _go(rt: Runtime) -> None:
        async with rt.begin() as conn:
            found = None
            if unit is not None:
                found = await unit_store.find_unit(conn, unit)
                if found is None:
                    raise NotFound(f"no unit with code {unit}")
            removed = await grants.revoke(conn, (channel, user_id), found, actor=ACTOR, now=rt.clock.now())
        typer.echo(f"removed {removed} scope(s) of {channel}:{user_id}")

    run_with_runtime(ctx, _go)


@units_app.command("import")
def units_import(ctx: typer.Context, file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Add or update units from a CSV: code, name, parent code, level, type."""
    try:
        rows = parse_units(file.read_bytes())
    except CsvError as exc:
        typer.echo(f"dvbot: {file.name}: {exc}", err=True)
        raise typer.Exit(1) from exc

    async def _go(rt: Runtime) -> None:
        async with rt.begin() as conn:
            result = await tree_store.import_units(conn, rows, rt.clock.now())
            await audit.record(conn, actor=ACTOR, action="units_import", entity="units", entity_id=file.name,
                               after={"added": result.added, "updated": result.updated}, now=rt.clock.now())
        typer.echo(f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged")

    run_with_runtime(ctx, _go)


@units_app.command("rename")
def units_rename(ctx: typer.Context, code: str, name: str) -> None:
    """Give a unit a new name."""

    async def _go(rt: Runtime) -> None:
        async with rt.begin() as conn:
            unit, old = await tree_store.rename(conn, code, name)
            await audit.record(conn, actor=ACTOR, action="unit_rename", entity="unit", entity_id=unit.id,
                               before={"name": old}, after={"name": name}, now=rt.clock.now())
        typer.echo(f"renamed {unit.code}: {old} → {name}")

    run_with_runtime(ctx, _go)


@units_app.command("move")
def units_move(
    ctx: typer.Context, code: str,
    parent: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Move a unit, with everything under it, under another parent."""

    async def _go(rt: Runtime) -> None:
        async with rt.begin() as conn:
            unit, old_parent = await tree_store.move(conn, code, parent)
            await audit.record(conn, actor=ACTOR, action="unit_move", entity="unit", entity_id=unit.id,
                               before={"parent_id": old_parent}, after={"parent": parent}, now=rt.clock.now())
        typer.echo(f"moved {unit.code} under {parent or '(root)'}")

    run_with_runtime(ctx, _go)


@units_app.command("retire")
def units_retire(ctx: typer.Context, code: str) -> None:
    """Retire a unit (no active units may remain under it); its history stays."""

    async def _go(rt: Runtime) -> None:
        async with rt.begin() as conn:
            unit = await tree_store.retire(conn, code, rt.clock.now())
            await audit.record(conn, actor=ACTOR, action="unit_retire", entity="unit", entity_id=unit.id,
                               now=rt.clock.now())
        typer.echo(f"retired {unit.code}")

    run_with_runtime(ctx, _go)


@admin_app.command("web-link")
def admin_web_link(ctx: typer.Context, user: Annotated[str, typer.Option()]) -> None:
    """A one-time sign-in link to the admin's web page for an admin identity."""
    from bot.services import web_auth
    from locales import t

    channel, user_id = _user(user)

    async def _go(rt: Runtime) -> str:
        async with rt.begin() as conn:
            token = await web_auth.issue_link(conn, channel, user_id, now=rt.clock.now())
        return web_auth.link_url(web_auth.base_url(rt.settings), token)

    url = run_with_runtime(ctx, _go)
    minutes = int(web_auth.LINK_TTL.total_seconds() // 60)
    typer.echo(t("web.cli.link", settings_of(ctx).locale, url=url, minutes=minutes))


async def export_bytes(rt: Runtime, round_id: str | None, plan_code: str | None, unit: str | None,
                       as_csv: bool, lang: str = "vi", *, plain: bool = False) -> bytes:
    async with rt.begin() as conn:
        roots = await roots_for(conn, unit)
        tree = await unit_tree(conn)
        if round_id is not None:
            stored, rid = await find_round(conn, round_id, plan_code)
            rounds = [rid]
        else:
            plans = [p for p in await plan_store.latest_plans(conn) if plan_code in (None, p.code)]
            if not plans:
                raise NotFound("no stored plan")
            stored, rounds = plans[0], [r.id for r in plans[0].plan.dated_rounds]
        datasets = [await load_round(rt, conn, stored, rid, roots, tree=tree) for rid in rounds]
    files = web_auth.evidence_base(rt.settings)
    return round_csv(datasets[0], lang, plain=plain, files=files) if as_csv else workbook_bytes(datasets, lang, files)


def register(app: typer.Typer) -> None:
    app.add_typer(admin_app, name="admin")

    @app.command("export")
    def export_cmd(
        ctx: typer.Context,
        out: Annotated[Path, typer.Option()],
        round_: Annotated[str | None, typer.Option("--round")] = None,
        plan: Annotated[str | None, typer.Option()] = None,
        unit: Annotated[str | None, typer.Option()] = None,
        as_csv: Annotated[bool, typer.Option("--csv")] = False,
        plain: Annotated[bool, typer.Option("--csv-plain")] = False,
        lang: Annotated[str, typer.Option()] = "vi",
    ) -> None:
        """Write the Excel workbook (status, answers per round, scoring, plan) or a round's CSV."""
        if as_csv and round_ is None:
            raise typer.BadParameter("--csv needs --round")
        if plain and not as_csv:
            raise typer.BadParameter("--csv-plain goes with --csv")
        content = run_with_runtime(ctx, lambda rt: export_bytes(rt, round_, plan, unit, as_csv, lang, plain=plain))
        out.write_bytes(content)
        typer.echo(f"wrote {out} ({len(content)} bytes)")
