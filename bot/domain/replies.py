"""Durable replies: what an outbox row is, when a message is a resend, and
how long a failed send waits.

The replies an update produces are stored with the state change they
acknowledge (``storage/replies.py``) and delivered from there
(``bot/services/replies.py``). Two rules live here:

* **Resend recognition** (:func:`is_resend`). An officer who saw no reply to
  an answer sends it again. If the chat's newest reply is still undelivered
  (or was delivered only on a later try, after a failed send or a restart,
  less than :data:`RESEND_WINDOW` ago) and the new message is *exactly* the
  answer that reply acknowledges (:func:`answer_key`: NFC, surrounding white
  space dropped, as the engine reads an answer), it is a resend: the missing
  reply goes out and nothing is stored on the next question, which the
  officer has not seen. Anything else is handled normally, after the missing
  reply.
* **Retries** (:func:`retry_delay`): a send that failed for a passing reason
  (network, 5xx, rate limit) is tried again after a growing delay, at most
  :data:`MAX_ATTEMPTS` times; then (and for a chat that was unreachable) it is
  *held*: sent first when the chat writes again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.core.text import nfc

RESEND_WINDOW = dt.timedelta(minutes=15)
MAX_ATTEMPTS = 8
_DELAYS = (5, 15, 60, 300, 900, 1800, 3600)  # seconds before the 2nd, 3rd, … try


class Status:
    """A reply row's status."""

    CLAIMED = "claimed"  # being sent (by ``claimed_by`` until ``lease_until``)
    PENDING = "pending"  # waiting for a retry (``next_attempt_at``)
    SENT = "sent"
    FAILED = "failed"  # refused by the platform: never sent
    # Not tried again by itself (too many failed tries, or the chat was
    # unreachable), but still sent first when the chat writes again.
    HELD = "held"
    SUPERSEDED = "superseded"  # never sent on purpose (a flooding chat gets one notice)


UNDELIVERED = (Status.CLAIMED, Status.PENDING, Status.HELD)


@dataclass(frozen=True, slots=True)
class StoredReply:
    """One reply in the outbox."""

    id: int
    channel: str
    chat_id: str
    body: dict[str, Any]
    status: str
    attempts: int
    answer_key: str | None  # the answer this update stored, as :func:`answer_key` reads it
    redelivered: bool  # taken again after its first try (a failed send, a restart)
    sent_at: dt.datetime | None
    repeats: int = 0  # sends that may have reached the chat before a crash, made again


def answer_key(text: str | None) -> str | None:
    """The text of an answer as the engine reads it (NFC, no surrounding
    white space); ``None`` for nothing."""
    if text is None:
        return None
    key = nfc(text).strip()
    return key or None


def is_resend(
    newest: StoredReply | None, undelivered: bool, key: str | None, now: dt.datetime,
    written_at: dt.datetime | None = None,
) -> bool:
    """Whether a message read as ``key`` resends the answer the chat's newest
    reply acknowledges; ``undelivered``: that reply has not reached the chat;
    ``written_at``: when the platform says the message was written.

    A message written before that reply was delivered was written blind (the
    officer resent while the bot was down: both messages waited at the
    platform, and the first one's reply went out just before this one is read)."""
    if newest is None or key is None or newest.answer_key != key:
        return False
    if undelivered:
        return True
    if newest.status == Status.SENT and newest.sent_at is not None and written_at is not None \
            and written_at < newest.sent_at:
        return True
    return (
        newest.status == Status.SENT and newest.redelivered and newest.sent_at is not None
        and now - newest.sent_at <= RESEND_WINDOW
    )


def retry_delay(attempts: int) -> dt.timedelta | None:
    """How long to wait after the ``attempts``-th failed try; ``None``: give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return dt.timedelta(seconds=_DELAYS[min(max(attempts, 1), len(_DELAYS)) - 1])
