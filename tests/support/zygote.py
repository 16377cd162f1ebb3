"""A Python that has imported dvbot once and forks ``dvbot run`` on request.

The crash bench restarts the bot a hundred times; most of each start is
importing (about 1.5 s on the bench machine). This process imports what
``dvbot run`` imports, then for each line read on stdin (a log file's path)
forks a child that runs the very ``dvbot run`` command — its own process,
its own event loop, database connections and sockets, killed with SIGKILL
like any other — and prints the child's pid. Children are reaped by the
kernel (SIGCHLD ignored), so a killed one disappears at once. Each child
dies with the zygote and the zygote with the harness (Linux's parent-death
signal), so an interrupted test leaves no bot running.

Run as ``python -m tests.support.zygote`` with the bot's environment.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys

PRELOAD = ("bot.shell.cli", "bot.shell.cli.help", "bot.shell.cli.run", "bot.shell.cli.common", "bot.shell.channels",
           "bot.shell.serve", "bot.shell.scheduler",
           "bot.channels.telegram.adapter", "bot.channels.zalo.adapter", "handlers.commands")


def _die_with_parent() -> None:
    """SIGKILL this process when its parent ends (Linux ``PR_SET_PDEATHSIG``)."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG


def main() -> None:
    _die_with_parent()
    for name in PRELOAD:  # everything dvbot run imports, once (the adapters are imported lazily)
        importlib.import_module(name)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            _child(line.strip())
        print(pid, flush=True)


def _child(log: str) -> None:
    _die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    from bot.shell.cli import main as dvbot

    sys.argv = ["dvbot", "run"]
    code = 0
    try:
        dvbot()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
