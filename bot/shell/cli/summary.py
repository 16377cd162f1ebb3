"""``dvbot summary --round R [--plan CODE] [--unit CODE] [--json]``: the
round's summary over the whole tree (or one unit's subtree), the same data
admins get from /summary in chat."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from bot.core.errors import NotFound
from bot.domain.status import OPEN
from bot.domain.summary import summarize
from bot.domain.summary_data import Summary
from bot.services.admin_data import find_round, load_round, top_roots
from bot.services.runtime import Runtime
from bot.shell.cli.common import run_with_runtime
from bot.shell.cli.jsonout import write_json
from handlers.views.admin import summary_texts
from storage import units as unit_store


async def roots_for(conn: Any, unit: str | None) -> list[int]:
    if unit is None:
        return await top_roots(conn)
    found = await unit_store.find_unit(conn, unit)
    if found is None:
        raise NotFound(f"no unit with code {unit}")
    return [found.id]


async def load_summary(rt: Runtime, round_id: str, plan_code: str | None, unit: str | None = None) -> Summary:
    async with rt.begin() as conn:
        stored, rid = await find_round(conn, round_id, plan_code)
        data = await load_round(rt, conn, stored, rid, await roots_for(conn, unit))
    return summarize(data)


async def round_summary(rt: Runtime, round_id: str, plan_code: str | None, unit: str | None = None) -> dict[str, Any]:
    """The summary as ``--json`` prints it."""
    return (await load_summary(rt, round_id, plan_code, unit)).to_json()


def echo_json(doc: Any) -> None:
    """``--json``: the summary as ``json.dumps(…, ensure_ascii=False,
    indent=2, default=str)`` prints it, written as it is encoded
    (:func:`bot.shell.cli.jsonout.write_json`), then a new line."""
    pieces: list[str] = []
    size = 0

    def write(text: str) -> None:  # echoed some 64 K characters at a time, not piece by piece
        nonlocal size
        pieces.append(text)
        size += len(text)
        if size >= 1 << 16:
            typer.echo("".join(pieces), nl=False)
            pieces.clear()
            size = 0

    write_json(doc, write)
    typer.echo("".join(pieces))


def register(app: typer.Typer) -> None:
    @app.command("summary")
    def summary_cmd(
        ctx: typer.Context,
        round_: Annotated[str, typer.Option("--round")],
        plan: Annotated[str | None, typer.Option()] = None,
        unit: Annotated[str | None, typer.Option()] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
        lang: Annotated[str, typer.Option()] = "vi",
    ) -> None:
        """Counts, completion, overdue units, scores and bands, answer statistics."""

        async def _go(rt: Runtime) -> None:
            summary = await load_summary(rt, round_, plan, unit)
            if as_json:
                echo_json(summary.to_json())
                return
            typer.echo("\n\n".join(summary_texts(summary, lang)))
            typer.echo("")
            for row in summary.units:
                state = row.status
                if state in OPEN:
                    state += f" ({row.answered}/{row.total})"
                typer.echo(f"  {row.unit:<12} {row.name[:40]:<40} {state}")

        run_with_runtime(ctx, _go)
