"""What a pressed button carries, and the one codec for it.

A button's payload is a ``value`` (what the press means: ``"2"``, ``"/back"``)
and, optionally, a ``token`` naming what the set of buttons answers (a
question, the round list), so a press on an old message is recognised and
refused instead of answering the current question.

On the wire the payload is ``value@token`` (or just ``value``): this is
Telegram's callback data, so it must fit 64 bytes, and keyboards already sent
keep working because the format never changes. Nothing outside this module
splits or joins that string.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

SEPARATOR = "@"
WIRE_LIMIT = 64  # bytes: Telegram's callback_data limit, the tightest platform


@dataclass(frozen=True, slots=True)
class Payload:
    value: str
    token: str | None = None  # None: a button that answers whatever is current (navigation)

    def encode(self) -> str:
        """The wire form; raises ``ValueError`` when it cannot round-trip or
        does not fit :data:`WIRE_LIMIT` bytes."""
        if self.token is not None and SEPARATOR in self.token:
            raise ValueError(f"a button token cannot contain {SEPARATOR!r}: {self.token!r}")
        if self.token is None and SEPARATOR in self.value:
            raise ValueError(f"a button value without a token cannot contain {SEPARATOR!r}: {self.value!r}")
        data = self.value if self.token is None else f"{self.value}{SEPARATOR}{self.token}"
        return check(data)

    @classmethod
    def decode(cls, data: str) -> Payload:
        """The payload of a pressed button (the last ``@`` separates the token)."""
        if SEPARATOR not in data:
            return cls(data)
        value, _, token = data.rpartition(SEPARATOR)
        return cls(value, token)


def check(data: str) -> str:
    """``data`` itself when it fits on the wire (1..64 bytes), else ``ValueError``."""
    size = len(data.encode("utf-8"))
    if not 1 <= size <= WIRE_LIMIT:
        raise ValueError(f"a button payload must be 1-{WIRE_LIMIT} bytes: {data!r}")
    return data


def token(key: str) -> str:
    """A short, stable token naming what a set of buttons answers (8 hex
    characters), so ``value@token`` stays far below the wire limit."""
    return hashlib.blake2s(key.encode("utf-8"), digest_size=4).hexdigest()
