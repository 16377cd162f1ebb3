"""Run every ``benchmarks/bench_*.py`` module and print one table.

Each module exposes ``run() -> list[Row]`` where a row is
``(name, value, unit, target)``; targets are informative strings such as
"< 2 s". A module may take a while: soak and crash runs belong here, never
in ``make test``.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path

Row = tuple[str, float | int | str, str, str]


def main(argv: list[str]) -> int:
    wanted = set(argv)
    rows: list[Row] = []
    here = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.startswith("bench_") or (wanted and info.name not in wanted):
            continue
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{info.name}")
        print(f"running {info.name} …", file=sys.stderr, flush=True)
        rows.extend(module.run())
        print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    width = max((len(r[0]) for r in rows), default=10)
    print(f"{'benchmark':<{width}}  {'value':>12}  {'unit':<8}  target")
    print("-" * (width + 40))
    for name, value, unit, target in rows:
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{name:<{width}}  {shown:>12}  {unit:<8}  {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
