"""A benchmark module for tests/test_bench_runner.py: holds about 64 MB so
the runner's peak-RSS reading of its own process has something to see."""

from __future__ import annotations


def run() -> list[tuple[str, float | int | str, str, str]]:
    held = bytearray(64 * 1024 * 1024)
    held[::4096] = b"x" * len(held[::4096])  # touch every page so it is resident
    return [("fake: held", len(held) // (1024 * 1024), "MB", "= 64"), ("fake: no goal", 1.5, "s", "setup")]
