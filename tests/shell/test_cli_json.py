"""``dvbot summary --json`` writes its JSON as it encodes it: the very text
``json.dumps(…, ensure_ascii=False, indent=2, default=str)`` gives (every
kind of value: empty containers, odd floats, non-string keys, escapes, a
date through ``default``), a unit at a time; and a command's start-up objects are left out of garbage
collection only while it runs (``bot.shell.heap.startup_frozen``)."""

from __future__ import annotations

import datetime as dt
import gc
import json

import pytest

from bot.shell.cli.jsonout import encode, write_json
from bot.shell.cli.summary import echo_json
from bot.shell.heap import startup_frozen

DOC = {"plan": "tay-ninh-2025", "deadline": dt.date(2025, 5, 20), "empty": {}, "none": [],
       "units": [{"unit": f"X{i:03d}", "name": "UBND xã Tân An", "answers": {"a": i / 3, "b": "dòng\nhai",
                                                                         "c": None, "d": [1, {"e": True}]}}
                 for i in range(300)]}


ODD = [{}, [], "", 0, -0.0, 1e300, 1.5e-7, 2**70, True, None, float("nan"), float("inf"), -float("inf"),
       {"k": []}, [[], {}], {3: "a", 2.5: "b", True: "c", False: "e", None: "d"}, ("t", "u"), "\u0000\x1f\"\\/\n\t é 🙂",
       dt.datetime(2025, 5, 19, 9, 30, tzinfo=dt.UTC), {"nested": {"deep": [{"x": [1, [2, [3]]]}]}}]


@pytest.mark.parametrize("doc", [DOC, {"more": DOC["units"] * 5}, ODD, *ODD], ids=lambda d: repr(d)[:40])
def test_the_json_is_the_text_dumps_gives(capsys: pytest.CaptureFixture[str], doc: object) -> None:
    want = json.dumps(doc, ensure_ascii=False, indent=2, default=str)
    assert encode(doc) == want
    echo_json(doc)
    assert capsys.readouterr().out == want + "\n"


def test_a_summary_is_written_a_unit_at_a_time() -> None:
    pieces: list[str] = []
    write_json(DOC, pieces.append)
    assert "".join(pieces) == json.dumps(DOC, ensure_ascii=False, indent=2, default=str)
    assert len(pieces) > len(DOC["units"]) and max(map(len, pieces)) < 1000


def test_startup_frozen_only_while_it_runs() -> None:
    with startup_frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
