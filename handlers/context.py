"""What a handler gets for one update: the runtime, an open transaction, the
incoming message, the user's language, the officer (if registered) and the
session; plus small helpers to reply and to move between flows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.core.messages import Incoming, Option, Outgoing
from bot.domain.entities import Identity, Officer, Session, Unit
from bot.services.runtime import Connection, Runtime
from locales import t as translate

# Delivers one message to another chat after the update's transaction has
# committed; True only when the channel accepted it.
Deliver = Callable[[Outgoing], Awaitable[bool]]
# Work a handler leaves for after the commit (a notice must never go out for
# a change that was rolled back); it returns more replies for this chat.
AfterCommit = Callable[[Deliver], Awaitable[list[Outgoing]]]


@dataclass
class Ctx:
    rt: Runtime
    conn: Connection
    incoming: Incoming
    lang: str
    officer: Officer | None
    identity: Identity | None
    session: Session
    now: dt.datetime
    # The officer's unit as read with the officer (None for a stranger).
    unit: Unit | None = None
    # What the router saves after the handler returns (handlers change these).
    flow: str | None = None
    state: dict[str, Any] = field(default_factory=dict)
    # The token of the button pressed (bot.core.buttons.Payload.token), so a
    # press on an old message is not taken as an answer to the current question.
    button: str | None = None
    after: list[AfterCommit] = field(default_factory=list)
    # This update stored an answer (the report walk sets it): its text is what a
    # resend would repeat (bot/domain/replies.py).
    answered: bool = False

    def t(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    def reply(self, text: str, options: tuple[Option, ...] = (), **kw: Any) -> Outgoing:
        return Outgoing(text=text, options=options, **kw)

    def say(self, key: str, **params: Any) -> Outgoing:
        return Outgoing(text=self.t(key, **params))

    def enter(self, flow: str | None, state: dict[str, Any] | None = None) -> None:
        # Stored as the plain value: a Flow member compares equal to it.
        self.flow = None if flow is None else str(flow)
        self.state = dict(state or {})

    def after_commit(self, work: AfterCommit) -> None:
        self.after.append(work)

    @property
    def actor(self) -> str:
        return f"{self.incoming.channel}:{self.incoming.user_id}"

    def local(self, when: dt.datetime) -> dt.datetime:
        return when.astimezone(self.rt.settings.tz)

    @property
    def today(self) -> dt.date:
        return self.local(self.now).date()
