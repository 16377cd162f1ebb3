"""Run every ``benchmarks/bench_*.py`` module, print one table and write the
same rows as JSON (``bench-results.json``, or ``--out FILE``).

Each module exposes ``run() -> list[Row]`` where a row is
``(name, value, unit, target)``. A target such as ``"< 2 s"``, ``">= 28.5"``
or ``"0"`` is a goal: the JSON says whether the value ``met`` it (``null``
for an informative one such as ``"setup"`` or ``"~ 20 s"``). A module may
take a while: soak and crash runs belong here, never in ``make test``.

Each module runs in its own process (``python -m benchmarks --child NAME``),
so one's memory never counts against another: the runner reads the child's
peak resident set size from ``os.wait4`` (``ru_maxrss``) and adds a row for
it. ``python -m benchmarks bench_admin`` runs one module.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import pkgutil
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

Row = tuple[str, float | int | str, str, str]

DEFAULT_OUT = Path("bench-results.json")
RSS_GOAL = "< 200 MB"
_GOAL = re.compile(r"^\s*(<=|>=|<|>|=|≤|≥)?\s*(-?\d+(?:[.,]\d+)?)(?:\s|$|[a-zA-Z%/(])")


def table(rows: list[Row]) -> str:
    width = max((len(r[0]) for r in rows), default=10)
    lines = [f"{'benchmark':<{width}}  {'value':>12}  {'unit':<8}  target", "-" * (width + 40)]
    for name, value, unit, target in rows:
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        lines.append(f"{name:<{width}}  {shown:>12}  {unit:<8}  {target}")
    return "\n".join(lines)


def met(value: Any, target: str) -> bool | None:
    """Whether ``value`` meets ``target`` ("< 5 s", ">= 28.5", "0", "= 1");
    ``None`` when the target is no goal a machine can check."""
    match = _GOAL.match(target)
    if match is None or not isinstance(value, int | float) or isinstance(value, bool):
        return None
    op, goal = match.group(1) or "=", float(match.group(2).replace(",", "."))
    checks = {"<": value < goal, "<=": value <= goal, "≤": value <= goal, ">": value > goal,
              ">=": value >= goal, "≥": value >= goal, "=": value == goal}
    return bool(checks[op])


def record(row: Row, module: str | None = None) -> dict[str, Any]:
    name, value, unit, target = row
    out: dict[str, Any] = {"name": name, "value": value, "unit": unit, "target": target, "met": met(value, target)}
    if module is not None:
        out["module"] = module
    return out


def write_json(rows: list[Row], path: Path, seconds: dict[str, float], *,
               modules: dict[str, str] | None = None, rss: dict[str, float] | None = None) -> None:
    """The rows as data (each with whether it met its goal), with when and
    where they were measured, for comparing runs."""
    owner = modules or {}
    doc = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "system": platform.platform(), "cpus": os.cpu_count(),
                    "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None},
        "modules": seconds,
        "peak_rss_mb": rss or {},
        "rows": [record(r, owner.get(r[0])) for r in rows],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def run_child(name: str) -> tuple[list[Row], float]:
    """Run one module in a fresh interpreter; its rows and its peak RSS in MB."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rows.json"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1]),
                                                            os.environ.get("PYTHONPATH", "")])}
        child = subprocess.Popen([sys.executable, "-m", "benchmarks", "--child", name, str(out)], env=env)
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
        if child.returncode != 0 or not out.exists():
            return [(f"{name}: failed", child.returncode, "exit", "0")], peak_mb
        rows = [tuple(r) for r in json.loads(out.read_text(encoding="utf-8"))]
    return rows, peak_mb  # type: ignore[return-value]


def child(name: str, out: str) -> int:
    """In the child: run module ``name`` (of this package, or a dotted path)
    and write its rows to ``out``."""
    module = importlib.import_module(name if "." in name else f"benchmarks.{name}")
    rows = module.run()
    Path(out).write_text(json.dumps([list(r) for r in rows], ensure_ascii=False), encoding="utf-8")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        return child(argv[1], argv[2])
    out = DEFAULT_OUT
    if "--out" in argv:
        i = argv.index("--out")
        out, argv = Path(argv[i + 1]), argv[:i] + argv[i + 2:]
    wanted = set(argv)
    rows: list[Row] = []
    seconds: dict[str, float] = {}
    rss: dict[str, float] = {}
    owner: dict[str, str] = {}
    here = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.startswith("bench_") or (wanted and info.name not in wanted):
            continue
        print(f"running {info.name} …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        got, peak = run_child(info.name)
        seconds[info.name] = round(time.perf_counter() - started, 1)
        rss[info.name] = round(peak, 1)
        got.append((f"{info.name}: peak RSS (own process)", rss[info.name], "MB", RSS_GOAL))
        owner.update({r[0]: info.name for r in got})
        rows.extend(got)
        print(f"  done in {seconds[info.name]:.1f} s, peak RSS {peak:.0f} MB", file=sys.stderr, flush=True)
    print(table(rows))
    write_json(rows, out, seconds, modules=owner, rss=rss)
    print(f"\nJSON: {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
