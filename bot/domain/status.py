"""Where a unit's submission for one round stands.

``not_started → draft → submitted → (returned → draft) → accepted``. The
stored values are these strings; a :class:`SubmissionStatus` compares and
hashes equal to its value, so it can be used wherever a stored status is.
"""

from __future__ import annotations

from enum import StrEnum


class SubmissionStatus(StrEnum):
    NOT_STARTED = "not_started"  # no submission row yet
    DRAFT = "draft"
    RETURNED = "returned"  # sent back by an admin; editing makes it a draft again
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"


# In display and count order (summaries, exports, charts).
STATUSES: tuple[str, ...] = tuple(s.value for s in SubmissionStatus)

# Submitted or accepted: the unit is done with the round. It counts in the
# summary's completion and statistics, gets no more reminders, and its
# answers are locked until an admin returns it.
DONE: frozenset[str] = frozenset({SubmissionStatus.SUBMITTED.value, SubmissionStatus.ACCEPTED.value})

# Still to be (re)submitted: what reminders and roll-calls chase.
OPEN: frozenset[str] = frozenset(STATUSES) - DONE


def is_done(status: str) -> bool:
    return status in DONE
