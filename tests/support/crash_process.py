"""The ``dvbot run`` process the crash harness starts and kills, forked from
:mod:`tests.support.zygote` (a Python that imported dvbot once: a restart
then costs the bot's start, not a second and a half of imports)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path


class BotProcess:
    """``start`` a bot, ``kill`` it (SIGKILL), ``stop`` it (SIGTERM), ``exited``."""

    def __init__(self, work: Path, env: Mapping[str, str]) -> None:
        self.log = work / "bot.log"
        self.pid = 0
        self.zygote = subprocess.Popen([sys.executable, "-m", "tests.support.zygote"], cwd=work, env=dict(env),
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def start(self) -> None:
        assert self.zygote.stdin is not None and self.zygote.stdout is not None
        self.zygote.stdin.write(f"{self.log}\n")
        self.zygote.stdin.flush()
        self.pid = int(self.zygote.stdout.readline())

    def exited(self) -> bool:
        """The bot is gone though nobody killed it."""
        return bool(self.pid) and not _alive(self.pid)

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        _wait_gone(self.pid)
        self.pid = 0

    def stop(self) -> None:
        """SIGTERM (a clean stop; SIGKILL after 10 s), then the zygote."""
        if self.pid and _alive(self.pid):
            os.kill(self.pid, signal.SIGTERM)
            _wait_gone(self.pid, grace=10.0)
        self.pid = 0
        self.zygote.kill()
        self.zygote.wait()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_gone(pid: int, grace: float = 10.0) -> None:
    deadline = time.monotonic() + grace
    while _alive(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            deadline = float("inf")
        time.sleep(0.005)
