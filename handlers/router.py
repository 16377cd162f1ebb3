"""The router: one entry point for every update from every channel.

For each update it opens one transaction, drops replays (same ``update_key``),
loads the sender's officer and session, dispatches to a command or to the
flow the session is in, saves the session and commits. Errors are answered
kindly in the user's language; an unexpected one is logged first. Because
each update is its own transaction, a failure never loses an answer that was
already stored. On a durable channel the replies are written to the reply
outbox in that same transaction, after the chat's undelivered ones, and a
resend of an unseen reply's answer is recognised (``bot/services/replies.py``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace

from bot.core.delivery import Replies
from bot.core.errors import ChatUnreachable, DvbotError
from bot.core.messages import Channel, ChatKind, Incoming, Outgoing
from bot.core.ports import Sender
from bot.core.text import nfc
from bot.services import evidence, sessions, usage
from bot.services.replies import ReplyOutbox
from bot.services.runtime import Runtime, is_retryable
from handlers.commands import Command, FlowFn, all_flows, command_index
from handlers.context import AfterCommit, Ctx
from handlers.flood import FloodGate
from handlers.flows.names import READS_FILES, Flow
from locales import LANGUAGES
from locales import t as translate

log = logging.getLogger(__name__)

ATTEMPTS = 3  # an update that meets a concurrent change is handled again, at most this often
MAX_INPUT = 10_000  # longer messages are cut before any processing (answers are capped lower)


class Router:
    """``senders`` lets a handler's reply reach another chat (e.g. the officer
    whose report an admin returned): such replies carry ``channel``/``chat_id``
    and are pushed after the update's transaction commits. A handler that must
    know whether its notice arrived leaves an :data:`AfterCommit` instead
    (``ctx.after_commit``): it is given :meth:`deliver` once the commit is done.

    On the channels in ``outbox.channels`` (``dvbot run`` puts every adapter
    that settles its receipts there) the replies to an update are durable:
    written in the update's transaction, returned as
    :class:`~bot.core.delivery.Replies` with their receipt, the chat's
    undelivered ones first, and a resend of the answer they acknowledge is
    recognised (``bot/services/replies.py``)."""

    def __init__(
        self, rt: Runtime, senders: Mapping[Channel, Sender] | None = None, *, flood: FloodGate | None = None,
        durable: Collection[Channel] = (),
    ) -> None:
        self.rt = rt
        self.senders: dict[Channel, Sender] = dict(senders or {})
        self.commands: dict[str, Command] = command_index("private")
        self.group_commands: dict[str, Command] = command_index("group")
        self.flows: dict[str, FlowFn] = all_flows()
        # The running bot limits floods (bot/shell/serve.py); scripted callers need not.
        self.flood = flood
        self.outbox = ReplyOutbox(rt, durable=durable)

    async def handle(self, incoming: Incoming) -> list[Outgoing]:
        flooding = self.flood is not None and self.flood.admit(incoming)
        if self.outbox.durable(incoming.channel):
            async with self.outbox.lock(incoming.channel, incoming.chat_id):
                done = await self._handle(incoming)
        else:
            done = await self._handle(incoming)
        for other in done.elsewhere:
            await self.deliver(other)
        here = done.here
        for work in done.after:
            here += await work(self.deliver)
        if flooding and self.flood is not None and not done.missing:  # handled and stored; its replies wait (flood.py)
            if here.receipt is not None:
                await here.receipt.supersede()
            lang = next((r.lang for r in here if r.lang), self.rt.settings.locale)
            notice = Outgoing(text=translate("common.slow_down", lang), lang=lang)
            return self.flood.settle(incoming, list(here), notice, self.deliver)
        return here

    async def deliver(self, message: Outgoing) -> bool:
        """Send ``message`` to its own chat; True only if the channel took it."""
        assert message.chat_id is not None
        channel = Channel(message.channel) if message.channel else None
        sender = self.senders.get(channel) if channel else None
        if sender is None:
            log.warning("no sender for %s; a notification to %s was not delivered", channel, message.chat_id)
            return False
        try:
            await sender.send(message.chat_id, replace(message, chat_id=None, channel=None))
        except ChatUnreachable as exc:
            await sessions.mark_unreachable(self.rt, str(channel), message.chat_id, str(exc))
            return False
        except DvbotError:
            log.exception("notification to %s:%s failed", channel, message.chat_id)
            return False
        return True

    async def _handle(self, incoming: Incoming) -> _Done:
        if incoming.text:  # bounded, NFC, no lone surrogate (bot.core.text.nfc) before any processing
            incoming = replace(incoming, text=nfc(incoming.text[:MAX_INPUT]))
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await self._attempt(incoming)
            except _Failed as failed:
                error, lang = failed.error, failed.lang
                if attempt < ATTEMPTS and is_retryable(error):
                    # Another replica changed this person's session (or SQLite's
                    # writer lock was busy): everything was rolled back, so the
                    # update is simply handled again on the fresh state.
                    log.info("retrying an update from %s:%s (%s)", incoming.channel, incoming.user_id, error)
                    await asyncio.sleep(0.05 * attempt)
                    continue
                if isinstance(error, DvbotError):
                    log.info("handled error for %s:%s: %s", incoming.channel, incoming.user_id, error)
                    return await self._answer(incoming, translate(error.key, lang, **error.params), lang)
                log.error("unexpected error handling an update from %s", incoming.channel, exc_info=error)
                return await self._answer(incoming, translate("error.unexpected", lang), lang)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt(self, incoming: Incoming) -> _Done:
        """One try in one transaction; any failure comes out as :class:`_Failed`
        carrying the person's language, after the rollback."""
        lang: str = self.rt.settings.locale
        durable = self.outbox.durable(incoming.channel)
        try:
            async with self.rt.begin() as conn:
                now = self.rt.clock.now()
                arrival = await sessions.arrive(conn, incoming, now)
                taken = await self.outbox.take(conn, incoming, now, self.outbox.token()) if durable else None
                if arrival is None:
                    log.info("replayed update %s:%s dropped", incoming.channel, incoming.update_key)
                    if taken is None or not taken.rows:
                        return _Done(Replies())
                    return _Done(await self.outbox.record(conn, incoming, taken, [], answered=False, now=now), missing=True)
                officer, session = arrival.officer, arrival.session
                lang = self._language(officer.locale if officer else None, session.locale, incoming)
                attachment = incoming.attachment
                if attachment is not None and attachment.data is not None and not self._reads(session.flow, incoming):
                    # A registered person's file is kept by content hash before any flow sees it;
                    # a stranger's is not kept at all.
                    kept = await evidence.keep(conn, self.rt, attachment, f"{incoming.channel}:{incoming.user_id}",
                                               now) if officer else replace(attachment, data=None)
                    incoming = replace(incoming, attachment=kept)
                ctx = Ctx(
                    rt=self.rt, conn=conn, incoming=incoming, lang=lang, officer=officer,
                    identity=arrival.identity, session=session, now=now, unit=arrival.unit, flow=session.flow,
                    state=dict(session.state),
                )
                if taken is not None and taken.resend:  # nothing stored on a question not seen
                    log.info("a resend from %s:%s recognised", incoming.channel, incoming.user_id)
                    replies = [ctx.say("common.resend", text=_shown(incoming))]
                else:
                    replies = await self._dispatch(ctx)
                replies = [r if r.lang else replace(r, lang=ctx.lang) for r in replies]
                await sessions.save_if_changed(
                    conn, incoming, session, flow=ctx.flow, state=ctx.state, locale=ctx.lang, now=now
                )
                here = [r for r in replies if _is_here(r, incoming)]
                elsewhere = [r for r in replies if not _is_here(r, incoming)]
                if taken is not None:
                    sent = await self.outbox.record(conn, incoming, taken, here, answered=ctx.answered, now=now)
                    return _Done(sent, elsewhere, ctx.after, missing=bool(taken.rows))
            return _Done(Replies(here), elsewhere, ctx.after)
        except Exception as exc:
            raise _Failed(exc, lang) from exc

    async def _answer(self, incoming: Incoming, text: str, lang: str) -> _Done:
        """The answer to an update whose handling failed (everything rolled
        back): on a durable channel written to the outbox after the chat's
        undelivered replies, in a transaction of its own."""
        reply = Outgoing(text=text, lang=lang)
        if not self.outbox.durable(incoming.channel):
            return _Done(Replies([reply]))
        try:
            async with self.rt.begin() as conn:
                now = self.rt.clock.now()
                taken = await self.outbox.take(conn, incoming, now, self.outbox.token())
                sent = await self.outbox.record(conn, incoming, taken, [reply], answered=False, now=now)
            return _Done(sent, missing=bool(taken.rows))
        except Exception:  # the database itself is failing: answer from memory
            log.exception("the answer to a failed update was not stored")
            return _Done(Replies([reply]))

    def _reads(self, flow: str | None, incoming: Incoming) -> bool:
        """Whether the file goes to the handler as it came, not kept as evidence:
        a document sent with a command that reads files (``/nhapkehoach``) or
        in a flow that does. The handler checks who sent it."""
        cmd = incoming.command
        if cmd is not None:
            command = self.commands.get(cmd[0])
            return command is not None and command.reads_files
        return flow in READS_FILES

    def _language(self, officer_locale: str | None, session_locale: str | None, incoming: Incoming) -> str:
        for candidate in (session_locale, officer_locale):
            if candidate in LANGUAGES:
                return candidate
        return self.rt.settings.locale

    async def _dispatch(self, ctx: Ctx) -> list[Outgoing]:
        pressed = ctx.incoming.pressed
        if pressed is not None and pressed.token is not None:
            ctx.button = pressed.token
            ctx.incoming = replace(ctx.incoming, choice=pressed.value)
        incoming = ctx.incoming
        text = incoming.choice if incoming.choice is not None else incoming.text
        if incoming.chat_kind is ChatKind.GROUP:
            return await self._group(ctx, text)
        if incoming.unsupported:
            if incoming.attachment is not None and incoming.attachment.kind == "protected":
                # Zalo withholds the content of accounts the law protects: no
                # "please type text" can help; recorded so admins see it.
                await usage.record_protected(ctx.conn, incoming, ctx.now)
                return [ctx.say("common.protected_sender")]
            return [ctx.say("common.unsupported")]
        if text is not None and incoming.choice is None and text.startswith("/"):
            cmd = incoming.command
            if cmd is not None:
                name, args = cmd
                command = self.commands.get(name)
                if command is None:
                    return [ctx.say("common.unknown_command", command=name[:40])]
                return await command.fn(ctx, args)
        if incoming.choice is not None and incoming.choice.startswith("/"):
            name, _, args = incoming.choice[1:].partition(" ")
            command = self.commands.get(name)
            if command is not None:
                return await command.fn(ctx, args)
        flow = self.flows.get(ctx.flow or "")
        if flow is not None:
            return await flow(ctx)
        return await self.flows[Flow.IDLE](ctx)

    async def _group(self, ctx: Ctx, text: str | None) -> list[Outgoing]:
        """Groups: group commands only; report commands get a pointer to the
        private chat; everything else is ignored (groups are for people)."""
        cmd = ctx.incoming.command if text is not None and text.startswith("/") else None
        if cmd is None:
            return []
        command = self.group_commands.get(cmd[0])
        if command is not None:
            return await command.fn(ctx, cmd[1])
        if cmd[0] in self.commands:
            return [ctx.say("common.private_only")]
        return []


def _shown(incoming: Incoming) -> str:
    """The resent answer as the officer typed it (a pressed button's value)."""
    pressed = incoming.pressed
    text = pressed.value if pressed is not None else (incoming.text or "")
    return text.strip()[:60]


@dataclass
class _Done:
    """An update handled: the replies for its chat (with their receipt when
    durable), those for other chats, and the work left for after the commit."""

    here: Replies
    elsewhere: list[Outgoing] = field(default_factory=list)
    after: list[AfterCommit] = field(default_factory=list)
    missing: bool = False  # ``here`` begins with replies the chat had not received: they go now


def _is_here(reply: Outgoing, incoming: Incoming) -> bool:
    if reply.chat_id is None:
        return True
    return reply.chat_id == incoming.chat_id and (reply.channel in (None, incoming.channel))


class _Failed(Exception):
    """An attempt failed (its transaction is rolled back); ``lang`` is the
    language to answer in."""

    def __init__(self, error: Exception, lang: str) -> None:
        super().__init__(str(error))
        self.error, self.lang = error, lang

