"""Submission statuses: stored values unchanged, one DONE set."""

from __future__ import annotations

from bot.domain.status import DONE, OPEN, STATUSES, SubmissionStatus, is_done


def test_values_and_sets() -> None:
    assert STATUSES == ("not_started", "draft", "returned", "submitted", "accepted")
    assert DONE == {"submitted", "accepted"} and OPEN == {"not_started", "draft", "returned"}
    assert SubmissionStatus.SUBMITTED == "submitted" and SubmissionStatus("returned") is SubmissionStatus.RETURNED
    assert is_done(SubmissionStatus.ACCEPTED) and not is_done("draft")
