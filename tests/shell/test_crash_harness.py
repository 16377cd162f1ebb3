"""kill -9 at random points (issue #11): ``dvbot run`` — a real process
(forked from a Python that imported dvbot once, tests/support/zygote.py),
against the fake Telegram and the fake Zalo Bot Platform — is killed with
SIGKILL while two officers on each platform fill their reports
and reminders go out, then started again, ten times (seeded). No answer the
bot acknowledged is lost, none is stored on a question it was not meant for
(the officer's resend after a lost reply is recognised), each conversation
resumes at the first unanswered question, no reminder is lost, and every
repeated reminder is one whose send the kill cut off before its mark.
The bench runs the same harness 100 times (benchmarks/bench_crash.py)."""

from __future__ import annotations

from pathlib import Path

from tests.support.crash import run_trials

TRIALS = 10


async def test_kill_9_loses_nothing_and_misplaces_nothing(tmp_path: Path) -> None:
    tally = await run_trials(tmp_path, seed=20261202, trials=TRIALS)
    assert tally.trials == TRIALS
    assert tally.answers > TRIALS  # the officers got somewhere
    assert tally.lost == [], tally.summary()
    assert tally.misplaced == [], tally.summary()
    assert tally.resume == [], tally.summary()
    assert tally.reminders > 0 and tally.reminders_lost == [], tally.summary()
    assert tally.unexplained_repeats == [], tally.summary()
    assert tally.ok
