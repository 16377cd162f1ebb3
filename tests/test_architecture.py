"""The layers are a contract: ``lint-imports`` (pyproject.toml) keeps them,
and breaking one fails the suite, not only ``make lint``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("bot", "handlers", "storage", "locales", "plans")


def lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(LINT), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_every_contract_is_kept() -> None:
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BROKEN" not in done.stdout
    assert done.stdout.count("KEPT") >= 5


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("layers")
    for name in PACKAGES:
        shutil.copytree(ROOT / name, where / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", where / "pyproject.toml")
    return where


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("bot/domain/__init__.py", "import storage.schema", "The domain is pure"),
        ("bot/domain/__init__.py", "import locales", "The domain is pure"),
        ("bot/core/__init__.py", "import bot.services.runtime", "Layers"),
        ("storage/__init__.py", "import handlers.router", "Layers"),
        ("bot/channels/console.py", "import handlers.router", "Layers"),
        ("handlers/flows/__init__.py", "import storage.schema", "Handlers reach storage only through services"),
    ],
)
def test_breaking_a_layer_fails(copy: Path, module: str, line: str, contract: str) -> None:
    path = copy / module
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original + f"\n{line}  # noqa\n", encoding="utf-8")
        done = lint(copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert done.returncode != 0
    broken = [ln for ln in done.stdout.splitlines() if ln.endswith("BROKEN")]
    assert any(ln.startswith(contract) for ln in broken), done.stdout
