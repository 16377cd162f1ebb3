"""``dvbot invite`` for a unit that already has an active officer says so
and makes a code only with ``--force``; ``dvbot units list --no-officer``."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.core.settings import Settings
from bot.services.runtime import Runtime
from handlers.router import Router
from plans import bundled_path
from tests.conftest import Chat, register
from tests.support.cli import cli_env, dvbot  # noqa: F401  (cli_env: an autouse fixture)


def _register(code: str) -> None:
    async def go() -> None:
        rt = await Runtime.open(Settings())
        try:
            await register(Chat(Router(rt), "officer-snv"), code, name="Trần Thị Bình")
        finally:
            await rt.close()

    asyncio.run(go())


def test_invite_needs_force_when_the_unit_has_an_officer() -> None:
    assert dvbot("plan", "load", str(bundled_path("tay-ninh-2025")))[0] == 0
    dvbot("units", "add", "TN", "UBND tỉnh Tây Ninh", "--level", "tinh")
    dvbot("units", "add", "SNV", "Sở Nội vụ", "--parent", "TN", "--level", "so")
    dvbot("units", "add", "STC", "Sở Tài chính", "--parent", "TN", "--level", "so")
    code, out = dvbot("units", "list", "--no-officer")
    assert code == 0 and out.splitlines() == ["TN  UBND tỉnh Tây Ninh", "SNV  Sở Nội vụ", "STC  Sở Tài chính"]
    code, out = dvbot("invite", "--unit", "SNV")
    assert code == 0
    _register(out.split()[0])

    code, out = dvbot("invite", "--unit", "SNV")
    assert code == 1 and "SNV already has an active officer: Trần Thị Bình" in out and "--force" in out
    code, out = dvbot("invite", "--unit", "SNV", "--force")
    assert code == 0 and len(out.split()) == 1
    assert dvbot("units", "list", "--no-officer")[1].splitlines() == ["TN  UBND tỉnh Tây Ninh", "STC  Sở Tài chính"]
    # a mass roll-out skips units that have an officer, and says which
    code, out = dvbot("invite", "--unit", "TN", "--all-children", "--out", "inv.csv")
    assert code == 0 and "skipped SNV (already has an active officer; --force to include)" in out
    rows = Path("inv.csv").read_bytes().decode("utf-8-sig").splitlines()[1:]
    assert [r.split(";")[0] for r in rows] == ["STC"]
    code, out = dvbot("invite", "--unit", "TN", "--all-children", "--out", "inv.csv", "--force")
    rows = Path("inv.csv").read_bytes().decode("utf-8-sig").splitlines()[1:]
    assert code == 0 and [r.split(";")[0] for r in rows] == ["SNV", "STC"]
