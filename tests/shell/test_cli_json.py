"""``dvbot summary --json`` writes its JSON as it encodes it: the very text
``json.dumps(…, ensure_ascii=False, indent=2, default=str)`` gives, in
pieces; and a command's start-up objects are left out of garbage
collection only while it runs (``bot.shell.heap.startup_frozen``)."""

from __future__ import annotations

import datetime as dt
import gc
import json

import pytest

from bot.shell.cli.summary import echo_json
from bot.shell.heap import startup_frozen

DOC = {"plan": "tay-ninh-2025", "deadline": dt.date(2025, 5, 20), "empty": {}, "none": [],
       "units": [{"unit": f"X{i:03d}", "name": "UBND xã Tân An", "answers": {"a": i / 3, "b": "dòng\nhai",
                                                                         "c": None, "d": [1, {"e": True}]}}
                 for i in range(300)]}


@pytest.mark.parametrize("flush_at", [1, 100, 1 << 16])
def test_the_json_is_the_text_dumps_gives(capsys: pytest.CaptureFixture[str], flush_at: int) -> None:
    echo_json(DOC, flush_at=flush_at)
    assert capsys.readouterr().out == json.dumps(DOC, ensure_ascii=False, indent=2, default=str) + "\n"


def test_startup_frozen_only_while_it_runs() -> None:
    with startup_frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
