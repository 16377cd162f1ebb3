"""Durable replies: the outbox of what the bot answers (rules in
``bot/domain/replies.py``, SQL in ``storage/replies.py``).

The router, in the update's transaction, takes over the chat's undelivered
replies (they go out first, before anything newer), decides whether the
message is a resend, and records the new replies, claimed by the update's
token; the adapter sends them (``bot.core.delivery.send_replies``) and the
:class:`Receipt` marks them. A reply whose send failed for a passing reason,
or whose sender died (a crash, a kill between the commit and the send), is
sent again by :meth:`ReplyOutbox.redeliver` (run by ``dvbot run`` every few
seconds) once its retry is due or its lease has lapsed, or at once when the
chat writes again. Delivery is at least once: a crash between a send and its
mark makes it again, counted in the row's ``repeats``.

Within one process a chat's deliveries are serialised by :meth:`ReplyOutbox.lock`
(the router holds it for the update's transaction, the redeliverer for a
send), so the redeliverer never sends what an update has just taken over.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import itertools
import logging
import weakref
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.core.delivery import FAILED, RETRY, SENT, UNREACHABLE, Replies, send_replies
from bot.core.messages import Channel, Incoming, Option, Outgoing
from bot.core.ports import Sender
from bot.domain.replies import Status, StoredReply, answer_key, is_resend, retry_delay
from bot.services.reminders.dispatcher import worker_name
from bot.services.runtime import Connection, Runtime
from locales import t
from storage import replies as store

log = logging.getLogger(__name__)


def to_body(message: Outgoing) -> dict[str, Any]:
    """An :class:`Outgoing` for its own chat, as stored (JSON)."""
    body: dict[str, Any] = {"text": message.text, "lang": message.lang}
    if message.options:
        body["options"] = [[o.label, o.value] for o in message.options]
    if message.footer:
        body["footer"] = [[o.label, o.value] for o in message.footer]
    if message.image_png is not None:
        body["image_png"] = base64.b64encode(message.image_png).decode("ascii")
    if message.document is not None:
        body["document"] = [message.document[0], base64.b64encode(message.document[1]).decode("ascii")]
    for flag in ("edit_previous", "press_refused"):
        if getattr(message, flag):
            body[flag] = True
    return body


def from_body(body: Mapping[str, Any], *, again: bool = False) -> Outgoing:
    """The stored reply; ``again``: sent on a later try (it then edits and
    retires nothing: the message pressed is another one)."""
    document = body.get("document")
    return Outgoing(
        text=body.get("text", ""),
        options=tuple(Option(label, value) for label, value in body.get("options", ())),
        footer=tuple(Option(label, value) for label, value in body.get("footer", ())),
        image_png=base64.b64decode(body["image_png"]) if body.get("image_png") else None,
        document=(document[0], base64.b64decode(document[1])) if document else None,
        edit_previous=bool(body.get("edit_previous")) and not again,
        press_refused=bool(body.get("press_refused")) and not again, lang=body.get("lang"),
    )


@dataclass
class Taken:
    """What an update found in its chat's outbox."""

    token: str
    rows: list[StoredReply] = field(default_factory=list)  # undelivered: they go first
    resend: bool = False  # the message repeats the answer those replies acknowledge

    def missing(self, lang: str) -> list[Outgoing]:
        if not self.rows:
            return []
        notice = Outgoing(text=t("common.redelivered", lang), lang=lang)
        return [notice, *(from_body(r.body, again=True) for r in self.rows)]


@dataclass
class Stats:
    sent: int = 0  # replies delivered
    unsent: int = 0  # chats whose replies failed again (they wait for their next retry)


class ReplyOutbox:
    def __init__(self, rt: Runtime, *, durable: Collection[Channel] = (), worker: str | None = None) -> None:
        self.rt = rt
        self.channels: set[Channel] = set(durable)
        self.worker = (worker or worker_name())[:40]
        self._tokens = itertools.count(1)
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = weakref.WeakValueDictionary()

    @property
    def lease(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.rt.settings.reply_lease_seconds)

    def durable(self, channel: Channel | str) -> bool:
        return channel in self.channels

    def lock(self, channel: str, chat_id: str) -> asyncio.Lock:
        key = (str(channel), chat_id)
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        return lock

    def token(self) -> str:
        return f"{self.worker}#{next(self._tokens)}"

    async def take(self, conn: Connection, incoming: Incoming, now: dt.datetime, token: str) -> Taken:
        """Claim the chat's undelivered replies for this update; is it a resend?"""
        channel, chat = str(incoming.channel), incoming.chat_id
        newest = await store.newest(conn, channel, chat)
        rows = await store.take_chat(conn, channel, chat, token=token, lease_until=now + self.lease)
        undelivered = newest is not None and any(r.id == newest.id for r in rows)
        return Taken(token, rows, is_resend(newest, undelivered, _key(incoming), now, incoming.written_at))

    async def record(
        self, conn: Connection, incoming: Incoming, taken: Taken, replies: Sequence[Outgoing], *,
        answered: bool, now: dt.datetime,
    ) -> Replies:
        """Store this update's ``replies`` (its own chat's); the list to send:
        the missing ones first, with the receipt that marks them all."""
        lang = next((r.lang for r in replies if r.lang), None) or self.rt.settings.locale
        key = _key(incoming) if answered else None
        ids = await store.insert(
            conn, str(incoming.channel), incoming.chat_id, [to_body(r) for r in replies],
            update_key=incoming.update_key, answer_key=key, token=taken.token,
            lease_until=now + self.lease, now=now,
        )
        missing = taken.missing(lang)
        tracked: list[int | None] = [None] * (len(missing) - len(taken.rows))
        tracked += [r.id for r in taken.rows] + ids
        attempts = max([r.attempts for r in taken.rows], default=0)
        return Replies([*missing, *replies], Receipt(self, taken.token, tracked, attempts))

    async def redeliver(self, senders: Mapping[Channel, Sender], limit: int = 100) -> Stats:
        """Send again the replies whose retry is due or whose sender died."""
        stats = Stats()
        channels = [str(c) for c in senders if self.durable(c)]
        if not channels:
            return stats
        async with self.rt.begin() as conn:
            chats = await store.due_chats(conn, self.rt.clock.now(), channels, limit)
        for channel, chat in chats:
            sender = senders[Channel(channel)]
            async with self.lock(channel, chat):
                token, now = self.token(), self.rt.clock.now()
                async with self.rt.begin() as conn:
                    rows = await store.claim_chat(conn, channel, chat, token=token, now=now, lease_until=now + self.lease)
                if not rows:
                    continue  # taken meanwhile by an update of the chat
                taken = Taken(token, rows)
                lang = next((r.body.get("lang") for r in rows if r.body.get("lang")), None) or self.rt.settings.locale
                missing = taken.missing(lang)
                receipt = Receipt(self, token, [None, *(r.id for r in rows)], max(r.attempts for r in rows))
                if await send_replies(Replies(missing, receipt), _to(sender, chat)):
                    stats.sent += len(rows)
                    log.info("%d reply(ies) sent again to %s:%s", len(rows), channel, chat)
                else:
                    stats.unsent += 1
        return stats


def _to(sender: Sender, chat_id: str) -> Callable[[Outgoing], Awaitable[str]]:
    async def send(out: Outgoing) -> str:
        return await sender.send(chat_id, out)
    return send


def _key(incoming: Incoming) -> str | None:
    """What a resend of this message would repeat: its text or pressed
    button (a file is never taken for a resend)."""
    if incoming.attachment is not None:
        return None
    return answer_key(incoming.choice if incoming.choice is not None else incoming.text)


class Receipt:
    """Marks an update's replies (``bot.core.delivery.Receipt``): ``ids[i]``
    is the row of the i-th reply sent (``None``: a notice, not stored)."""

    def __init__(self, outbox: ReplyOutbox, token: str, ids: Sequence[int | None], attempts: int) -> None:
        self.outbox, self.token, self.attempts = outbox, token, attempts
        self.ids = list(ids)

    def _rows(self, outcomes: Sequence[str], wanted: str) -> list[int]:
        return [i for i, o in zip(self.ids, outcomes, strict=False) if i is not None and o == wanted]

    async def sending(self) -> None:
        rows = [i for i in self.ids if i is not None]
        rt = self.outbox.rt
        async with rt.begin() as conn:
            repeated = await store.start_sending(conn, rows, token=self.token, now=rt.clock.now())
        if repeated:  # the send-then-mark window: a sender died after sending, before marking
            log.warning("%d reply(ies) sent again may arrive twice (their last send was cut short)", repeated)

    async def settle(self, outcomes: Sequence[str], error: str | None) -> None:
        rt = self.outbox.rt
        now = rt.clock.now()
        retry = self._rows(outcomes, RETRY) + [i for i in self.ids[len(outcomes):] if i is not None]
        delay = retry_delay(self.attempts + 1)
        async with rt.begin() as conn:
            await store.mark_sent(conn, self._rows(outcomes, SENT), now)
            await store.mark_ended(conn, self._rows(outcomes, FAILED), status=Status.FAILED, error=error)
            held = self._rows(outcomes, UNREACHABLE) + (retry if delay is None else [])
            await store.mark_ended(conn, held, status=Status.HELD, error=error)  # until the chat writes
            if retry and delay is not None:
                await store.mark_retry(conn, retry, token=self.token, next_attempt_at=now + delay,
                                       error=error or "not sent")

    async def supersede(self) -> None:
        """Not to be sent (a flooding chat gets one notice instead)."""
        async with self.outbox.rt.begin() as conn:
            await store.mark_ended(conn, [i for i in self.ids if i is not None], status=Status.SUPERSEDED, error=None)
