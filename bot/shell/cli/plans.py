"""``dvbot plan validate | load | list | rollover | set-deadline | import``: plan files, stored versions, and
drafts read from a plan document."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

import typer

from bot.core.errors import NotAPlan, PlanError
from bot.core.text import format_date
from bot.domain.plan.loader import dump_plan, load_plan, load_plan_data, rollover_noting
from bot.domain.plan.model import Plan, Round
from bot.services.runtime import Runtime
from bot.shell.cli.common import run_with_runtime, settings_of
from locales import t
from plans import BUNDLED, bundled_codes, bundled_path
from storage.plans import latest_plan, latest_plans, store_plan

plan_app = typer.Typer(
    name="plan",
    no_args_is_help=True,
)

_CODE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def due_line(r: Round) -> str:
    """The round's last day, with the document's wording when that differs
    ("trước ngày 01/11/2025" is due 31/10/2025); an undated round says so."""
    if r.undated:
        return f"NO DEADLINE ({r.deadline_text}): set it with dvbot plan set-deadline"
    due = f"due {format_date(r.due)}"
    if r.deadline_source == "admin":
        return f"{due} (set by an admin)"
    return f"{due} ({r.deadline_text})" if r.deadline_text and r.due != r.deadline else due


def summary(plan: Plan) -> str:
    """One line: code, year, and each round with its question count and deadline."""
    rounds = "; ".join(f"{r.id} {len(plan.questions(r.id))} q, {due_line(r)}" for r in plan.rounds)
    return f"{plan.code} ({plan.year}): {rounds}"


def resolve(file_or_code: str) -> Path:
    """A path as given, or the bundled file of a plan code like ``tay-ninh-2025``."""
    path = Path(file_or_code)
    if path.exists():
        return path
    if _CODE.match(file_or_code) and bundled_path(file_or_code).exists():
        return bundled_path(file_or_code)
    known = ", ".join(bundled_codes()) or "none"
    raise PlanError(f"{file_or_code}: no such file or bundled plan (bundled: {known})")


def _fail(exc: PlanError) -> typer.Exit:
    typer.echo(f"dvbot: {exc}", err=True)
    return typer.Exit(1)


@plan_app.command("validate")
def validate_cmd(
    file: Annotated[str, typer.Argument()],
) -> None:
    """Load and validate a plan file; print a one-line summary."""
    try:
        plan = load_plan(resolve(file))
    except PlanError as exc:
        raise _fail(exc) from exc
    typer.echo(f"ok {summary(plan)}")


@plan_app.command("load")
def load_cmd(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument()],
) -> None:
    """Store the plan as a new version (unless identical to the newest one)."""
    try:
        path = resolve(file)
        plan = load_plan(path)
    except PlanError as exc:
        raise _fail(exc) from exc

    async def _go(rt: Runtime) -> None:
        async with rt.begin() as conn:
            stored, created = await store_plan(conn, plan, now=rt.clock.now(), source=str(path))
        state = "new version" if created else "unchanged"
        typer.echo(f"{stored.code} version {stored.version} ({state})")

    run_with_runtime(ctx, _go)


@plan_app.command("list")
def list_cmd(ctx: typer.Context) -> None:
    """Stored plans: code, newest version, year, title, rounds and deadlines."""

    async def _go(rt: Runtime) -> None:
        async with rt.begin() as conn:
            stored = await latest_plans(conn)
        if not stored:
            typer.echo("no plans stored; load one with: dvbot plan load FILE")
            return
        for sp in stored:
            typer.echo(f"{sp.code} v{sp.version} ({sp.year}) {sp.title}")
            for r in sp.plan.rounds:
                typer.echo(f"  {r.id}: {r.title} — {due_line(r)}")

    run_with_runtime(ctx, _go)


@plan_app.command("rollover")
def rollover_cmd(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument()],
    year: Annotated[int, typer.Option("--year")],
    out: Annotated[
        Path | None, typer.Option("--out")
    ] = None,
) -> None:
    """Copy a plan to another year, moving every date; write it as YAML to edit."""

    async def _newest(rt: Runtime) -> Plan | None:
        async with rt.begin() as conn:
            stored = await latest_plan(conn, code)
        return None if stored is None else stored.plan

    plan = run_with_runtime(ctx, _newest)
    try:
        if plan is None:
            plan = load_plan(resolve(code))
        new, unmoved = rollover_noting(plan, year)
    except PlanError as exc:
        raise _fail(exc) from exc
    target = out or BUNDLED / f"{new.code}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dump_plan(new), encoding="utf-8")
    typer.echo(f"wrote {target}")
    typer.echo(
        "dates and the years in the wording are moved; edit it before loading: the document "
        "block (number, date, issuer) still describes last year's plan"
    )
    if unmoved:
        typer.echo(f"{len(unmoved)} text(s) name a year inside a period or a date and were left as written; check them:")
        for item in unmoved:
            typer.echo(f"  {item.path}: {item.text}")


@plan_app.command("set-deadline")
def set_deadline_cmd(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument()],
    round_id: Annotated[str, typer.Argument()],
    day: Annotated[str, typer.Argument()],
) -> None:
    """Set the date of a round the plan gives none ("định kỳ 6 tháng, năm"):
    stored as a new version of the plan, marked as set by an admin."""
    try:
        parsed = dt.date.fromisoformat(day)
    except ValueError as exc:
        raise _fail(PlanError(f"{day}: not a date (write it as YYYY-MM-DD)")) from exc

    async def _go(rt: Runtime) -> None:
        async with rt.begin() as conn:
            stored = await latest_plan(conn, code)
            if stored is None:
                raise _fail(PlanError(f"{code}: no such stored plan (load it with: dvbot plan load FILE)"))
            try:
                plan = stored.plan.with_deadline(round_id, parsed)
            except KeyError as exc:
                known = ", ".join(r.id for r in stored.plan.rounds)
                raise _fail(PlanError(f"{code}: no round {round_id!r} (rounds: {known})")) from exc
            except ValueError as exc:
                raise _fail(PlanError(f"{code}: {exc}")) from exc
            new, _ = await store_plan(conn, plan, now=rt.clock.now(), source=f"set-deadline {round_id} {parsed}")
        typer.echo(f"{new.code} version {new.version}: {round_id} due {format_date(parsed)}")

    run_with_runtime(ctx, _go)


@plan_app.command("import")
def import_cmd(
    ctx: typer.Context,
    doc: Annotated[Path, typer.Argument()],
    out: Annotated[Path | None, typer.Option("--out")] = None,
    year: Annotated[int | None, typer.Option("--year")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Read a plan document (.docx, .pdf, .txt, .md) into a draft plan file; print what was found."""
    from bot.services import plan_import  # docx and pypdf load only for this command

    lang = settings_of(ctx).locale
    try:
        data = doc.read_bytes()
        imported = plan_import.import_document(doc.name, data, year=year)
        load_plan_data(imported.draft, str(doc))  # the draft always validates; say so if not
    except OSError as exc:
        raise _fail(PlanError(f"{doc}: cannot read: {exc.strerror}")) from exc
    except NotAPlan as exc:
        typer.echo(t(f"ingest.not_a_plan.{exc.params['reason']}", lang, **exc.params), err=True)
        raise typer.Exit(1) from exc
    except PlanError as exc:
        typer.echo(t("ingest.preview.invalid", lang, error=exc), err=True)
        raise typer.Exit(1) from exc
    typer.echo(plan_import.as_json(imported) if as_json else plan_import.preview_text(imported, lang))
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(plan_import.draft_yaml(imported), encoding="utf-8")
    if not as_json:
        typer.echo(t("ingest.preview.saved", lang, file=out) if out else t("ingest.preview.not_saved", lang))


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
