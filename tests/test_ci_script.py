"""The CI entry point is a shell script nothing else runs before CI does: a
stray character in it fails every submission. Checked here: it parses, it
ends by running ``make test``, and it turns strict mode on before doing
anything else."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / ".ci" / "run"


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_the_ci_script_parses() -> None:
    done = subprocess.run(["bash", "-n", str(SCRIPT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_ci_script_is_strict_first_and_runs_make_test_last() -> None:
    lines = [line.strip() for line in SCRIPT.read_text().splitlines()]
    code = [line for line in lines if line and not line.startswith("#")]
    assert code[0] == "set -euo pipefail", code[:3]
    assert code[-1] == "make test", code[-3:]
