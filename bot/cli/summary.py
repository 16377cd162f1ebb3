"""``dvbot summary --round R [--plan CODE] [--json]``: where every unit stands."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from bot.cli.common import run_with_runtime
from bot.errors import NotFound
from bot.runtime import Runtime
from handlers.rounds import round_status
from storage import plans as plan_store
from storage import submissions as sub_store
from storage import units as unit_store


async def round_summary(rt: Runtime, round_id: str, plan_code: str | None) -> dict[str, Any]:
    async with rt.begin() as conn:
        plans = await plan_store.latest_plans(conn)
        chosen = [p for p in plans if (plan_code is None or p.code == plan_code)
                  and any(r.id == round_id for r in p.plan.rounds)]
        if not chosen:
            raise NotFound(f"no stored plan has round {round_id!r}")
        stored = chosen[0]
        rows = []
        for unit in await unit_store.list_units(conn):
            st = await round_status(conn, unit.id, stored, round_id)
            answers = await sub_store.load_answers(conn, st.submission.id) if st.submission else {}
            rows.append({
                "unit": unit.code, "name": unit.name, "status": st.status,
                "answered": st.answered, "total": st.total, "missing": st.missing,
                "submitted_at": st.submission.submitted_at.isoformat() if st.submission and st.submission.submitted_at else None,
                "plan_version": st.plan.version, "answers": answers,
            })
        rnd = stored.plan.round(round_id)
        return {"plan": stored.code, "round": round_id, "title": rnd.title,
                "deadline": rnd.deadline.isoformat(), "units": rows}


def register(app: typer.Typer) -> None:
    @app.command("summary")
    def summary_cmd(
        ctx: typer.Context,
        round_: Annotated[str, typer.Option("--round", help="round id, e.g. 6-thang")],
        plan: Annotated[str | None, typer.Option(help="plan code (default: the newest plan with that round)")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
    ) -> None:
        """Per unit: not started / draft (n of m answered) / submitted."""

        async def _go(rt: Runtime) -> None:
            data = await round_summary(rt, round_, plan)
            if as_json:
                typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
                return
            typer.echo(f"{data['title']} ({data['plan']}/{data['round']}), hạn {data['deadline']}")
            for row in data["units"]:
                state = row["status"]
                if state in ("draft", "returned"):
                    state += f" ({row['answered']}/{row['total']})"
                typer.echo(f"  {row['unit']:<12} {row['name']:<40} {state}")

        run_with_runtime(ctx, _go)
