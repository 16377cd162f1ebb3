"""Placeholder; filled in by the plans work."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    return None
