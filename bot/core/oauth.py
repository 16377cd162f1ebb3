"""The seams between a channel that signs in with rotating OAuth tokens (the
Zalo Official Account) and the application that keeps them.

A channel adapter may import only the kernel, and the tokens live in the
database, so the adapter is given a :class:`TokenSource` (implemented by
``bot.services.zalo_oa.TokenKeeper`` over ``storage.zalo_oa``) and, for the
platform's reply windows, a :class:`Contacts` book. The adapter supplies the
one call that talks to the platform: an :data:`Exchange` turning a refresh
token into a new :class:`TokenPair`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class TokenPair:
    """What a refresh answers: a new access token, a new (single-use) refresh
    token, and how long each lives in seconds."""

    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_in: int

    def __repr__(self) -> str:  # never print a token, even in a traceback
        return f"TokenPair(expires_in={self.expires_in}, refresh_expires_in={self.refresh_expires_in})"


Exchange = Callable[[str], Awaitable[TokenPair]]


class TokenSource(Protocol):
    async def access_token(self) -> str:
        """A valid access token, refreshed first when it is close to expiry;
        :class:`~bot.core.errors.TokenLost` / ``BadToken`` when there is none."""
        ...

    async def renew(self, refused: str) -> str:
        """The platform refused ``refused``: a fresh token (refreshed unless
        another replica already did)."""
        ...


@dataclass(frozen=True, slots=True)
class Window:
    """Where a person stands in the platform's reply windows."""

    last_inbound_at: dt.datetime | None
    followed: bool = True


class Contacts(Protocol):
    async def inbound(self, user_id: str, at: dt.datetime) -> bool:
        """``user_id`` wrote at ``at``; True when a message to them was held
        back meanwhile because their window had closed (ask them to keep the
        conversation alive)."""
        ...

    async def window(self, user_id: str) -> Window:
        ...

    async def missed(self, user_id: str, reason: str) -> None:
        """A message to ``user_id`` was not sent: their window is closed."""
        ...

    async def follow(self, user_id: str, followed: bool, at: dt.datetime) -> None:
        ...

    async def quota_spent(self, until: dt.datetime, reason: str) -> None:
        """The OA's quota ran out until ``until``: pause and tell the admins once."""
        ...
