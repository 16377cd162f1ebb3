"""Log lines never print into the console chat window: an interactive chat
logs to a file; a piped one keeps stderr."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.shell.logs import console_logging


@pytest.fixture
def root() -> Iterator[logging.Logger]:
    logger = logging.getLogger()
    saved, level = list(logger.handlers), logger.level
    logger.setLevel(logging.INFO)
    yield logger
    for h in logger.handlers:
        if h not in saved:
            h.close()
    logger.handlers[:] = saved
    logger.setLevel(level)


def test_interactive_chat_logs_to_a_file(root: logging.Logger, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    root.addHandler(logging.StreamHandler(sys.stderr))
    path = tmp_path / "data" / "dvbot.log"
    assert console_logging(True, path) == path
    logging.getLogger("bot.test").warning("một dòng nhật ký")
    assert "một dòng nhật ký" not in capsys.readouterr().err
    assert "WARNING bot.test: một dòng nhật ký" in path.read_text(encoding="utf-8")
    console_logging(True, path)  # a second call adds no second file handler
    assert sum(getattr(h, "baseFilename", None) == str(path) for h in root.handlers) == 1


def test_piped_chat_keeps_stderr(root: logging.Logger, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root.addHandler(logging.StreamHandler(sys.stderr))
    assert console_logging(False, tmp_path / "dvbot.log") is None
    logging.getLogger("bot.test").warning("vẫn ra stderr")
    assert "vẫn ra stderr" in capsys.readouterr().err
    assert not (tmp_path / "dvbot.log").exists()
