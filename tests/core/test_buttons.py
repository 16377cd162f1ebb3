"""The button codec: the wire format stays ``value@token`` (old Telegram
keyboards keep working) and nothing that does not fit 64 bytes goes out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.buttons import WIRE_LIMIT, Payload, token
from bot.core.messages import Channel, Incoming, Option


def test_wire_format_is_value_at_token() -> None:
    assert Payload("1", "rounds").encode() == "1@rounds"
    assert Payload("/back").encode() == "/back"
    assert Payload.decode("2@rounds") == Payload("2", "rounds")
    assert Payload.decode("/skip") == Payload("/skip")


def test_option_button_and_incoming_pressed() -> None:
    tag = token("quan-triet.trien-khai")
    option = Option.button("1. Đã", "1", tag)
    assert option.value == f"1@{tag}" and option.payload == Payload("1", tag)
    pressed = Incoming(channel=Channel.TELEGRAM, chat_id="1", user_id="1", choice=option.value).pressed
    assert pressed == Payload("1", tag)
    assert Incoming(channel=Channel.TELEGRAM, chat_id="1", user_id="1", text="1").pressed is None


def test_too_long_or_ambiguous_payloads_are_refused() -> None:
    with pytest.raises(ValueError):
        Payload("x" * WIRE_LIMIT, "t").encode()
    with pytest.raises(ValueError):
        Payload("").encode()
    with pytest.raises(ValueError):
        Payload("1", "a@b").encode()
    with pytest.raises(ValueError):
        Payload("a@b").encode()  # would decode with a token


@given(st.text(max_size=70))
def test_decode_then_encode_is_the_identity_on_the_wire(data: str) -> None:
    try:
        again = Payload.decode(data).encode()
    except ValueError:
        assert not 1 <= len(data.encode("utf-8")) <= WIRE_LIMIT
    else:
        assert again == data


def test_tokens_are_short_and_stable() -> None:
    assert token("q") == token("q") and len(token("q")) == 8 and "@" not in token("x")
