"""Telegram golden transcripts (``tests/channels/golden/telegram/*.txt``): the
button-bearing conversations as a person in Telegram sees them, played through
the real python-telegram-bot client against the fake Bot API
(format: ``tests/channels/telegram_golden.py``).

Regenerate with ``DVBOT_UPDATE_GOLDEN=1`` and read every diff line: a golden
file is a claim that the bot's behaviour is right.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.channels.telegram_golden import GOLDEN, play
from tests.support.golden import check_golden, check_round_trips

FILES = sorted(GOLDEN.glob("*.txt"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_telegram_golden(path: Path, tmp_path: Path) -> None:
    check_golden(path, lambda script: play(script, tmp_path / "golden.sqlite3"))


def test_telegram_goldens_round_trip() -> None:
    """Parsing and rendering a Telegram golden gives it back unchanged."""
    assert len(FILES) >= 3, f"Telegram golden transcripts missing from {GOLDEN}"
    check_round_trips(FILES)
