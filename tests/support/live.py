"""``dvbot run`` as a real process against the fake platforms, to kill it.

:class:`LiveBot` starts ``python -m bot run`` with the given environment,
reads its log lines (stderr) in the background, waits until every configured
channel has started, and can wait for it to die (a SIGKILL it gave itself at a
``DVBOT_TEST_KILL_AT`` point) or stop it with SIGTERM. The database is a file
shared with the test, which seeds it before and reads it after.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60.0


class LiveBot:
    def __init__(self, cwd: Path, env: Mapping[str, str]) -> None:
        self.cwd = cwd
        self.env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **env}
        self.lines: list[str] = []
        self.proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self, channels: int = 1, **env: str) -> LiveBot:
        """Start it (``env`` added to the base environment); returns once
        ``channels`` channels have started."""
        self.lines = []
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=self.cwd, env={**self.env, **env},
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        self._reader = asyncio.create_task(self._read())
        await self.until(lambda: sum("channel " in x and " started" in x for x in self.lines) >= channels)
        return self

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        async for raw in self.proc.stderr:
            self.lines.append(raw.decode(errors="replace").rstrip("\n"))

    async def until(self, check: object, within: float = TIMEOUT) -> None:
        """Wait until ``check()`` is true (a callable), failing with the log if the process ends first."""
        assert callable(check)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not check():
            assert self.proc is not None
            if self.proc.returncode is not None:
                raise AssertionError(f"dvbot run ended ({self.proc.returncode}):\n" + self.log())
            if loop.time() > deadline:
                raise AssertionError("condition not met in time:\n" + self.log())
            await asyncio.sleep(0.05)

    async def died(self, within: float = TIMEOUT) -> int:
        """Wait for the process to end by itself; its return code (-9: SIGKILL)."""
        assert self.proc is not None
        code = await asyncio.wait_for(self.proc.wait(), within)
        if self._reader is not None:
            await self._reader
        return code

    async def stop(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), 20)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
        if self._reader is not None:
            await self._reader

    def log(self) -> str:
        return "\n".join(self.lines[-60:])
