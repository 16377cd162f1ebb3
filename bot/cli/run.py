"""Placeholder; filled in by the run work."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    return None
