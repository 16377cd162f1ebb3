"""CPU seconds used by the processes of a benchmark (Linux ``/proc``): a
process's own (user + system), and PostgreSQL's backends serving one
database (their command line names it), so that a throughput can be read
against the CPU it took on a machine whose cores the processes share."""

from __future__ import annotations

import os
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int | str) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()  # the fields after the command's name


def process(pid: int) -> float:
    """CPU seconds ``pid`` has used so far (0.0 when it cannot be read)."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / _TICK if fields else 0.0


def postgres(database: str) -> float:
    """CPU seconds used so far by the live PostgreSQL backends connected to
    ``database`` (a backend's title: ``postgres: … user database host …``)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres:") and f" {database} " in title:
            total += process(int(entry.name))
    return total


def available() -> int:
    return os.cpu_count() or 1
