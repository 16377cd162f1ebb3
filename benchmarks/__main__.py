"""Run every ``benchmarks/bench_*.py`` module, print one table and write the
same rows as JSON (``data/bench.json``, or ``--out FILE``).

Each module exposes ``run() -> list[Row]`` where a row is
``(name, value, unit, target)``; targets are informative strings such as
"< 2 s". A module may take a while: soak and crash runs belong here, never
in ``make test``. ``python -m benchmarks bench_admin`` runs one module.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import pkgutil
import platform
import sys
import time
from pathlib import Path

Row = tuple[str, float | int | str, str, str]


DEFAULT_OUT = Path("data/bench.json")


def table(rows: list[Row]) -> str:
    width = max((len(r[0]) for r in rows), default=10)
    lines = [f"{'benchmark':<{width}}  {'value':>12}  {'unit':<8}  target", "-" * (width + 40)]
    for name, value, unit, target in rows:
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        lines.append(f"{name:<{width}}  {shown:>12}  {unit:<8}  {target}")
    return "\n".join(lines)


def write_json(rows: list[Row], path: Path, seconds: dict[str, float]) -> None:
    """The rows as data, with when and where they were measured, for comparing runs."""
    doc = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "system": platform.platform(), "cpus": os.cpu_count()},
        "modules": seconds,
        "rows": [{"name": n, "value": v, "unit": u, "target": t} for n, v, u, t in rows],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    out = DEFAULT_OUT
    if "--out" in argv:
        i = argv.index("--out")
        out, argv = Path(argv[i + 1]), argv[:i] + argv[i + 2:]
    wanted = set(argv)
    rows: list[Row] = []
    seconds: dict[str, float] = {}
    here = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.startswith("bench_") or (wanted and info.name not in wanted):
            continue
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{info.name}")
        print(f"running {info.name} …", file=sys.stderr, flush=True)
        rows.extend(module.run())
        seconds[info.name] = round(time.perf_counter() - started, 1)
        print(f"  done in {seconds[info.name]:.1f} s", file=sys.stderr, flush=True)
    print(table(rows))
    write_json(rows, out, seconds)
    print(f"\nJSON: {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
