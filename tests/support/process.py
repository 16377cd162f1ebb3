"""A running dvbot process, read line by line (the demo, a console chat)."""

from __future__ import annotations

import queue
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

TIMEOUT = 60.0


class Lines:
    """A running process's stdout, line by line, with a deadline."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.seen: list[str] = []
        self._q: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._q.put(line.rstrip("\n"))
        self._q.put(None)

    def until(self, *needles: str, since: int = 0) -> str:
        """Read until every needle has appeared in the lines from number
        ``since`` on (``mark()`` before sending); returns the lines read so far."""
        while not all(any(n in line for line in self.seen[since:]) for n in needles):
            line = self._q.get(timeout=TIMEOUT)
            assert line is not None, "the process ended early:\n" + "\n".join(self.seen)
            self.seen.append(line)
        return "\n".join(self.seen)

    def mark(self) -> int:
        """Where the lines read so far end, for ``until(since=…)``."""
        return len(self.seen)

    def send(self, *lines: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("".join(f"{line}\n" for line in lines))
        self.proc.stdin.flush()

    def quit(self) -> int:
        """End the chat with ``/quit``; the exit code."""
        self.send("/quit")
        return self.proc.wait(timeout=TIMEOUT)


@contextmanager
def running(argv: list[str], *, cwd: Path, env: Mapping[str, str]) -> Iterator[Lines]:
    """Start ``argv`` with a pipe for stdin and stdout (stderr dropped);
    killed on the way out if it is still running."""
    proc = subprocess.Popen(argv, cwd=cwd, env=dict(env), text=True, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        yield Lines(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
