"""Where log lines go. A person chatting in the terminal must not see log
lines between the bot's replies: while the console chat is interactive,
every record goes to a file instead of stderr. Piped (a script, a test),
stdout is the transcript and stderr stays the log, as for every command."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

LOG_FILE = Path("data/dvbot.log")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _to_stderr(handler: logging.Handler) -> bool:
    # Only the plain stderr handler basicConfig installs; test and library
    # handlers (their own subclasses or streams) are left alone.
    return type(handler) is logging.StreamHandler and getattr(handler, "stream", None) in (sys.stderr, sys.__stderr__)


def console_logging(interactive: bool, path: Path = LOG_FILE) -> Path | None:
    """When ``interactive``, move the root logger from stderr to ``path``
    (appended) and return it; otherwise change nothing and return ``None``."""
    if not interactive:
        return None
    root = logging.getLogger()
    for handler in [h for h in root.handlers if _to_stderr(h)]:
        root.removeHandler(handler)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not any(isinstance(h, logging.FileHandler) and h.baseFilename == os.path.abspath(path) for h in root.handlers):
        file_handler = logging.FileHandler(path, encoding="utf-8")
        file_handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(file_handler)
    return path
