"""Command-line start-up (issue #16: well under half a second): the wall
time of ``dvbot --help`` and of a quick command (``dvbot plan list`` on a
database already migrated), each a fresh interpreter as a user starts it;
the median of 5 runs after one warm-up (which also migrates the database and
compiles the bytecode, as a user's first run does)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

Row = tuple[str, float, str, str]
RUNS = 5


def _timed(args: list[str], env: dict[str, str], cwd: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from bot.shell.cli import main; main()", *args], env=env, cwd=cwd,
                   check=True, capture_output=True, timeout=120)
    return time.perf_counter() - started


def _bare() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - started


def _median(args: list[str], env: dict[str, str], cwd: str) -> float:
    _timed(args, env, cwd)  # warm-up: the file cache, and the first migration
    return statistics.median(_timed(args, env, cwd) for _ in range(RUNS))


def run() -> list[Row]:
    root = str(Path(__file__).resolve().parents[1])
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DVBOT_")}
        env["PYTHONPATH"] = os.pathsep.join([root, env.get("PYTHONPATH", "")])
        env["DVBOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp}/cli.sqlite3"
        # As on a user's machine, Python keeps the bytecode it compiled (the
        # warm-up run writes it): a shell with PYTHONDONTWRITEBYTECODE set would
        # otherwise recompile every module of the tree at each start. Kept in
        # the temporary directory, so the benchmark leaves no files behind.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = f"{tmp}/pycache"
        bare = statistics.median(_bare() for _ in range(RUNS))
        return [
            ("cli: python -c pass (interpreter alone)", bare, "s", "setup"),
            ("cli: dvbot --help", _median(["--help"], env, tmp), "s", "< 0.5 s"),
            ("cli: dvbot plan list (migrated SQLite)", _median(["plan", "list"], env, tmp), "s", "< 0.5 s"),
        ]
