"""/summary and export over 5,000 units × 60 questions on PostgreSQL
(:mod:`benchmarks.bench_admin` on a fresh database on 127.0.0.1:5432; one
row saying so when it is not reachable)."""

from __future__ import annotations

import asyncio

from benchmarks.bench_admin import Row, measure
from benchmarks.databases import kinds


def run() -> list[Row]:
    if "postgresql" not in kinds():
        return [("admin (PostgreSQL): skipped, not reachable on 127.0.0.1:5432", 0.0, "", "setup")]
    return asyncio.run(measure("postgresql"))
