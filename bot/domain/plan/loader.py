"""Read, validate, hash, dump and roll over plan files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.core.errors import PlanError
from bot.domain.plan.model import Plan
from bot.domain.plan.rollover import Unmoved, move_wording


def _format_errors(source: str, exc: ValidationError) -> str:
    lines = [f"{source}: {exc.error_count()} error(s)"]
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"  {source}: {where}: {err['msg']}")
    return "\n".join(lines)


def load_plan_text(text: str, source: str = "<plan>") -> Plan:
    """Parse and validate YAML text; :class:`PlanError` names the source and path."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PlanError(f"{source}: not valid YAML: {exc}") from exc
    return load_plan_data(data, source)


def load_plan_data(data: Any, source: str = "<plan>") -> Plan:
    if not isinstance(data, dict):
        raise PlanError(f"{source}: (top level): a plan must be a mapping")
    version = data.get("schema_version")
    if version != 1:
        raise PlanError(f"{source}: schema_version: unsupported value {version!r} (expected 1)")
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        raise PlanError(_format_errors(source, exc)) from exc


def load_plan(path: str | Path) -> Plan:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlanError(f"{p}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise PlanError(f"{p}: not UTF-8 text") from exc
    return load_plan_text(text, str(p))


def canonical_json(plan: Plan) -> str:
    return json.dumps(plan.to_data(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def plan_hash(plan: Plan) -> str:
    return hashlib.sha256(canonical_json(plan).encode("utf-8")).hexdigest()


def dump_plan(plan: Plan) -> str:
    return yaml.safe_dump(plan.to_data(), allow_unicode=True, sort_keys=False, width=100)


def _shift(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29/2 into a non-leap year
        return d.replace(year=d.year + years, day=28)


def _shift_tree(value: Any, years: int) -> Any:
    if isinstance(value, dict):
        return {k: _shift_tree(v, years) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift_tree(v, years) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return _shift(dt.date.fromisoformat(value), years).isoformat()
    return value


def rollover(plan: Plan, year: int) -> Plan:
    """A copy of ``plan`` for ``year``: see :func:`rollover_noting`."""
    return rollover_noting(plan, year)[0]


def rollover_noting(plan: Plan, year: int) -> tuple[Plan, list[Unmoved]]:
    """A copy of ``plan`` for ``year`` with every date and the years its
    wording names moved (:mod:`bot.domain.plan.rollover`), and the texts that
    could not be moved safely. The code's trailing year is replaced; the
    ``document`` block still describes last year's document."""
    years = year - plan.year
    data = plan.to_data()
    # Last year's document keeps its real date: a moved one would be invented.
    data = {k: (v if k == "document" else _shift_tree(v, years)) for k, v in data.items()}
    unmoved = move_wording(data, plan.year, years)
    data["year"] = year
    code = re.sub(r"\d{4}$", str(year), plan.code)
    data["code"] = code if code != plan.code else f"{plan.code}-{year}"
    return load_plan_data(data, f"rollover of {plan.code} to {year}"), unmoved
