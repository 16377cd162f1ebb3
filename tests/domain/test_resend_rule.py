"""The resend rule and the retry delays of the reply outbox (bot/domain/replies.py)."""

from __future__ import annotations

import datetime as dt

from bot.domain.replies import (
    MAX_ATTEMPTS,
    RESEND_WINDOW,
    Status,
    StoredReply,
    answer_key,
    is_resend,
    retry_delay,
)

NOW = dt.datetime(2025, 5, 20, 3, 0, tzinfo=dt.UTC)


def reply(key: str | None, status: str = Status.CLAIMED, *, redelivered: bool = False,
          sent_at: dt.datetime | None = None) -> StoredReply:
    return StoredReply(1, "zalo", "c", {"text": "Câu 2/6"}, status, 1, key, redelivered, sent_at)


def test_the_answer_is_read_as_the_engine_reads_it() -> None:
    assert answer_key("  12 \n") == "12"
    assert answer_key("Nguye\u0302\u0303n") == "Nguyễn"  # NFD typed, NFC stored
    assert answer_key("   ") is None and answer_key(None) is None


def test_only_the_same_answer_to_an_undelivered_reply_is_a_resend() -> None:
    assert is_resend(reply("12"), True, "12", NOW)
    assert not is_resend(reply("12"), True, "13", NOW)
    assert not is_resend(reply("12"), True, "12.0", NOW)  # the same number, another text: an answer
    assert not is_resend(reply(None), True, "12", NOW)  # that update stored no answer
    assert not is_resend(None, False, "12", NOW)
    assert not is_resend(reply("12", Status.SENT, sent_at=NOW), False, "12", NOW)  # seen: an answer


def test_just_redelivered_counts_for_a_while() -> None:
    late = reply("12", Status.SENT, redelivered=True, sent_at=NOW - dt.timedelta(minutes=1))
    assert is_resend(late, False, "12", NOW)
    assert not is_resend(late, False, "12", NOW + RESEND_WINDOW)


def test_retries_grow_then_stop() -> None:
    delays = [retry_delay(n) for n in range(1, MAX_ATTEMPTS + 1)]
    assert delays[-1] is None
    seconds = [d.total_seconds() for d in delays if d is not None]
    assert seconds[0] == 5 and seconds == sorted(seconds)


def test_a_message_written_before_the_reply_reached_the_chat_is_a_resend() -> None:
    # The officer resent while the bot was down: both messages waited at the
    # platform; the first one's reply went out (first try) just before the
    # second is read. The platform's date says it was written blind.
    sent = reply("12", Status.SENT, sent_at=NOW)
    assert is_resend(sent, False, "12", NOW + dt.timedelta(seconds=1), written_at=NOW - dt.timedelta(seconds=30))
    # written after the reply arrived: the officer saw the next question
    assert not is_resend(sent, False, "12", NOW + dt.timedelta(seconds=20), written_at=NOW + dt.timedelta(seconds=10))
    assert not is_resend(sent, False, "13", NOW, written_at=NOW - dt.timedelta(seconds=30))  # another answer
    assert not is_resend(sent, False, "12", NOW)  # no date from the platform: as before
