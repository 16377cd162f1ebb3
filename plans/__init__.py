"""Bundled plan files: one YAML file per plan code, next to this module."""

from __future__ import annotations

from pathlib import Path

BUNDLED = Path(__file__).parent


def bundled_path(code: str) -> Path:
    """Where the bundled plan ``code`` lives (the file may not exist)."""
    return BUNDLED / f"{code}.yaml"


def bundled_codes() -> list[str]:
    """Codes of the bundled plans, sorted."""
    return sorted(p.stem for p in BUNDLED.glob("*.yaml"))
