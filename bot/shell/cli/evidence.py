"""``dvbot evidence get MC-… [--out FILE]``: an evidence file back from the
store (by the reference in the exports and the answers), checked against its
hash; ``dvbot evidence show MC-…``: what is known of it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.domain.evidence_files import reference
from bot.services import evidence
from bot.services.runtime import Runtime
from bot.shell.cli.common import run_with_runtime


def register(app: typer.Typer) -> None:
    group = typer.Typer(no_args_is_help=True)
    app.add_typer(group, name="evidence")

    @group.command("get")
    def get_cmd(
        ctx: typer.Context,
        ref: Annotated[str, typer.Argument()],
        out: Annotated[Path | None, typer.Option("--out", "-o")] = None,
    ) -> None:
        """Write the evidence file REF to --out (default: its own name, here)."""

        async def _go(rt: Runtime) -> tuple[Path, str]:
            async with rt.begin() as conn:
                file = await evidence.find(conn, ref)
            data = await evidence.content(rt, file)
            target = out or Path(Path(file.name or reference(file.sha256)).name)
            target.write_bytes(data)
            return target, f"{reference(file.sha256)}: {file.mime}, {file.size} bytes, sent by {file.sent_by}"

        target, line = run_with_runtime(ctx, _go)
        typer.echo(f"{line} -> {target}")
