"""Reviewing one unit's submission: accept it, return it with a comment (the
officer is told and the round reopens for them). Reading it (/xemdonvi) is
in ``handlers.flows.admin_read``, appraisal of scores in
``handlers.flows.admin_appraise``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bot.core.messages import Channel, Outgoing
from bot.domain.checklist.engine import review_items
from bot.domain.returns import named_questions, question_ids
from bot.domain.scoring import rubric_of
from bot.domain.status import DONE
from bot.services import review
from bot.services.review import Target
from bot.services.runtime import Connection
from handlers.context import Ctx, Deliver
from handlers.flows.admin_scope import admin_roots, revoked
from handlers.views import render
from locales import t


async def resolve(ctx: Ctx, unit_code: str, round_spec: str) -> Target:
    """A unit (in scope) and a round; the submission may not exist yet."""
    return await review.resolve(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id, unit_code, round_spec)


async def target_from_state(ctx: Ctx) -> Target:
    st = ctx.state
    return await resolve(ctx, st["unit"], f"{st['plan_code']}/{st['round_id']}")


def title_of(ctx: Ctx, tg: Target) -> str:
    rnd = tg.plan.round(tg.round_id)
    return rnd.title_en if ctx.lang == "en" and rnd.title_en else rnd.title


def score_line(ctx: Ctx, self_total: float | None, appraised: float | None, band: str | None) -> str:
    def n(x: float | None) -> str:
        return "—" if x is None else render.number(x)
    return ctx.t("admin.review.scores", own=n(self_total), appraised=n(appraised), band=band or "—")


async def flow_review(ctx: Ctx) -> list[Outgoing]:
    text = (ctx.incoming.choice or ctx.incoming.text or "").strip()
    step = ctx.state.get("step")
    if gone := await revoked(ctx, codes=[str(ctx.state.get("unit", ""))]):
        return gone
    tg = await target_from_state(ctx)
    if step in ("read", "choose"):
        from handlers.flows.admin_read import turn_page  # it imports this module

        paged = await turn_page(ctx, tg, text)
        if paged is not None:
            return paged
    if step == "comment":
        replies = await return_submission(ctx, tg, text)
        if not replies:  # returned: the reply comes after the commit
            ctx.enter(None)
        return replies  # refused (no reason, no such question): the admin types it again, or /huy
    if text == "1":
        ctx.enter(None)
        return await accept(ctx, tg)
    if text == "2":
        ctx.state["step"] = "comment"
        return [ctx.say("admin.review.ask_comment")]
    if text == "3" and rubric_of(tg.plan, tg.round_id) is not None:
        from handlers.flows.admin_appraise import start_appraisal

        return await start_appraisal(ctx, tg)
    return [ctx.say("admin.review.choose_again")]


@dataclass(frozen=True)
class Refusal:
    """Why an accept or a return cannot be done: a locale key and its
    parameters (``status``: a status key, for the caller to name)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


async def accept_target(conn: Connection, tg: Target, *, actor: str, now: dt.datetime) -> Refusal | None:
    """Accept a submitted report (chat and web alike); a refusal otherwise."""
    if tg.sub is None or tg.sub.status != "submitted":
        return Refusal("admin.review.cannot_accept", {"status": tg.sub.status if tg.sub else "not_started"})
    await review.accept(conn, tg.sub, actor=actor, now=now)
    return None


async def return_target(
    conn: Connection, tg: Target, comment: str, *, actor: str, now: dt.datetime,
) -> Refusal | list[Outgoing]:
    """Return a done report with the comment (chat and web alike): the notices
    to send each officer of the unit after the commit, or a refusal."""
    comment = " ".join(comment.split())[:1000]
    if not comment:
        return Refusal("admin.review.need_comment")
    if tg.sub is None or tg.sub.status not in DONE:
        return Refusal("admin.review.cannot_return", {"status": tg.sub.status if tg.sub else "not_started"})
    # "câu 3, 5: …" names questions by their numbers in the review above
    # (the stable numbers of walk.number_of: a number a when-condition hides names nothing)
    questions = tg.plan.questions(tg.round_id, unit=tg.unit)
    ids = {it.number: it.question_id for it in review_items(questions, await review.answers_of(conn, tg.sub))}
    named = question_ids(named_questions(comment), ids)
    if isinstance(named, int):
        return Refusal("admin.review.no_such_question", {"number": named, "total": len(questions)})
    recipients = await review.return_submission(conn, tg, comment, actor=actor, now=now, questions=tuple(named))
    rnd = tg.plan.round(tg.round_id)
    return [Outgoing(
        text=t("admin.review.notice", r.locale, title=rnd.title_en if r.locale == "en" and rnd.title_en else rnd.title,
               comment=comment, round=tg.round_id),
        chat_id=r.chat_id, channel=Channel(r.channel),
    ) for r in recipients]


def _refused(ctx: Ctx, refusal: Refusal) -> list[Outgoing]:
    params = dict(refusal.params)
    if "status" in params:
        params["status"] = ctx.t(f"admin.status.{params['status']}")
    return [ctx.say(refusal.key, **params)]


async def accept(ctx: Ctx, tg: Target) -> list[Outgoing]:
    refusal = await accept_target(ctx.conn, tg, actor=ctx.actor, now=ctx.now)
    if refusal is not None:
        return _refused(ctx, refusal)
    return [ctx.say("admin.review.accepted", unit=tg.unit.name, title=title_of(ctx, tg))]


async def return_submission(ctx: Ctx, tg: Target, comment: str) -> list[Outgoing]:
    notices = await return_target(ctx.conn, tg, comment, actor=ctx.actor, now=ctx.now)
    if isinstance(notices, Refusal):
        return _refused(ctx, notices)
    unit, title = tg.unit.name, title_of(ctx, tg)

    async def tell_admin(deliver: Deliver) -> list[Outgoing]:
        # After the commit: the admin is told the unit was notified only if
        # at least one of its officers' chats actually took the notice.
        delivered = [await deliver(n) for n in notices]
        key = "admin.review.returned" if any(delivered) else "admin.review.returned_undelivered"
        return [Outgoing(text=ctx.t(key, unit=unit, title=title), lang=ctx.lang)]

    ctx.after_commit(tell_admin)
    return []


async def cmd_accept(ctx: Ctx, args: str) -> list[Outgoing]:
    parts = args.split()
    if len(parts) < 2:
        await admin_roots(ctx)
        return [ctx.say("admin.review.accept_usage")]
    return await accept(ctx, await resolve(ctx, parts[0], parts[1]))


async def cmd_return(ctx: Ctx, args: str) -> list[Outgoing]:
    parts = args.split(maxsplit=2)
    if len(parts) < 3:
        await admin_roots(ctx)
        return [ctx.say("admin.review.return_usage")]
    return await return_submission(ctx, await resolve(ctx, parts[0], parts[1]), parts[2])
