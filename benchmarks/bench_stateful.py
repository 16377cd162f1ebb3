"""The stateful fuzz (tests/handlers/test_stateful_fuzz.py) at length: the
same machine — officers and admins of several units, answers, navigation,
buttons, replays, reviews, broadcasts, appraisal, invites, group binding,
an admin revoked mid-flow by chat command — run for many more examples than
``make test``'s 8 (``DVBOT_STATEFUL_EXAMPLES``, default 200 here). A failing
sequence is printed (shrunk) and counted."""

from __future__ import annotations

import os
import sys
import time
import traceback

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.handlers.test_stateful_fuzz import Fuzz

Row = tuple[str, float | int | str, str, str]


def run() -> list[Row]:
    examples = int(os.environ.get("DVBOT_STATEFUL_EXAMPLES", "200"))
    started = time.perf_counter()
    failures = 0
    try:
        run_state_machine_as_test(Fuzz, settings=settings(
            max_examples=examples, stateful_step_count=40, deadline=None, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ))
    except Exception:  # an invariant broken: the shrunk sequence is the finding
        failures = 1
        traceback.print_exc(file=sys.stderr)
    seconds = time.perf_counter() - started
    return [
        ("stateful fuzz examples", examples, "", ">= 200"),
        ("stateful fuzz failures", failures, "", "0"),
        ("stateful fuzz time", seconds, "s", "informative"),
    ]
