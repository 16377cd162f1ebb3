"""``dvbot report docx --round R (--unit CODE | --scope CODE) --out FILE``: the
Word report drafted for signature — a unit's own report of the round, or the
aggregated report of a scope (the same files /baocaoword and /tonghopword
send in chat)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.core.errors import NotFound
from bot.services.admin_data import find_round
from bot.services.documents import scope_report_bytes, unit_report_bytes
from bot.services.runtime import Runtime
from bot.shell.cli.common import run_with_runtime
from storage import units as unit_store

report_app = typer.Typer(name="report", no_args_is_help=True)


async def docx_report(rt: Runtime, round_id: str, plan: str | None, unit: str | None, scope: str | None,
                      lang: str = "vi") -> bytes:
    """The document's bytes: ``unit``'s own report, or the report of ``scope``'s subtree."""
    code = unit or scope
    async with rt.begin() as conn:
        stored, rid = await find_round(conn, round_id, plan)
        found = await unit_store.find_unit(conn, code or "")
        if found is None:
            raise NotFound(f"no unit with code {code}")
        if unit is not None:
            content, _ = await unit_report_bytes(rt, conn, stored, rid, found.id, lang)
            return content
        content, _summary = await scope_report_bytes(rt, conn, stored, rid, [found.id], lang)
        return content


@report_app.command("docx")
def docx_cmd(
    ctx: typer.Context,
    round_: Annotated[str, typer.Option("--round")],
    out: Annotated[Path, typer.Option()],
    unit: Annotated[str | None, typer.Option()] = None,
    scope: Annotated[str | None, typer.Option()] = None,
    plan: Annotated[str | None, typer.Option()] = None,
    lang: Annotated[str, typer.Option()] = "vi",
) -> None:
    """Draft the Word report of a round: one unit's, or a scope's aggregated report."""
    if (unit is None) == (scope is None):
        raise typer.BadParameter("give exactly one of --unit or --scope")
    content = run_with_runtime(ctx, lambda rt: docx_report(rt, round_, plan, unit, scope, lang))
    out.write_bytes(content)
    typer.echo(f"wrote {out} ({len(content)} bytes)")


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")
