"""Reviewing one unit's submission: open it, accept it, return it with a
comment (the officer is told and the round reopens for them). Appraisal of
scores is in ``handlers.flows.admin_appraise``."""

from __future__ import annotations

from bot.core.messages import Channel, Option, Outgoing
from bot.domain.checklist.engine import review_items
from bot.domain.returns import named_questions, question_ids
from bot.domain.scoring import rubric_of, score_unit
from bot.domain.status import DONE
from bot.services import review
from bot.services.review import Target
from handlers.context import Ctx, Deliver
from handlers.flows.admin_scope import admin_roots
from handlers.flows.names import Flow
from handlers.views import render
from handlers.views.admin import pack
from locales import t


async def resolve(ctx: Ctx, unit_code: str, round_spec: str) -> Target:
    """A unit (in scope) and a round; the submission may not exist yet."""
    return await review.resolve(ctx.conn, ctx.incoming.channel, ctx.incoming.user_id, unit_code, round_spec)


async def target_from_state(ctx: Ctx) -> Target:
    st = ctx.state
    return await resolve(ctx, st["unit"], f"{st['plan_code']}/{st['round_id']}")


def _title(ctx: Ctx, tg: Target) -> str:
    rnd = tg.plan.round(tg.round_id)
    return rnd.title_en if ctx.lang == "en" and rnd.title_en else rnd.title


async def cmd_open(ctx: Ctx, args: str) -> list[Outgoing]:
    parts = args.split()
    if len(parts) < 2:
        await admin_roots(ctx)
        return [ctx.say("admin.review.usage")]
    tg = await resolve(ctx, parts[0], parts[1])
    status = tg.sub.status if tg.sub else "not_started"
    lines = [ctx.t("admin.review.header", unit=tg.unit.name, code=tg.unit.code, title=_title(ctx, tg),
                   status=ctx.t(f"admin.status.{status}"))]
    if tg.sub is not None and tg.sub.submitted_at is not None:
        local = ctx.local(tg.sub.submitted_at)
        lines.append(ctx.t("admin.review.submitted_at", time=local.strftime("%H:%M"), date=render.date_vn(local.date())))
    if tg.sub is not None and tg.sub.review_comment:
        lines.append(ctx.t("admin.review.comment", comment=tg.sub.review_comment))
    answers = await review.answers_of(ctx.conn, tg.sub)
    questions = tg.plan.questions(tg.round_id)
    by_id = {q.id: q for q in questions}
    lines += [render.review_line(it, by_id[it.question_id], ctx.lang) for it in review_items(questions, answers)]
    rubric = rubric_of(tg.plan, tg.round_id)
    if rubric is not None and tg.sub is not None:
        _, appraised = await review.scores_of(ctx.conn, tg.sub)
        score = score_unit(rubric, answers, appraised)
        lines.append(score_line(ctx, score.self_total, score.appraised_total,
                                score.band.label if score.band else None))
    if tg.sub is None or tg.sub.status not in DONE:
        return [Outgoing(text=p) for p in pack(lines)]
    options = [Option(ctx.t("admin.review.opt_accept"), "1"), Option(ctx.t("admin.review.opt_return"), "2")]
    if rubric is not None:
        options.append(Option(ctx.t("admin.review.opt_appraise"), "3"))
    numbered = tuple(Option(f"{o.value}. {o.label}", o.value) for o in options)
    lines += [ctx.t("admin.review.choose"), render.numbered(numbered)]
    ctx.enter(Flow.ADMIN_REVIEW, {"unit": tg.unit.code, "plan_code": tg.plan_code, "round_id": tg.round_id, "step": "choose"})
    parts_ = pack(lines)
    return [Outgoing(text=p) for p in parts_[:-1]] + [Outgoing(text=parts_[-1], options=numbered)]


def score_line(ctx: Ctx, self_total: float | None, appraised: float | None, band: str | None) -> str:
    def n(x: float | None) -> str:
        return "—" if x is None else render.number(x)
    return ctx.t("admin.review.scores", own=n(self_total), appraised=n(appraised), band=band or "—")


async def flow_review(ctx: Ctx) -> list[Outgoing]:
    text = (ctx.incoming.choice or ctx.incoming.text or "").strip()
    step = ctx.state.get("step")
    tg = await target_from_state(ctx)
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


async def accept(ctx: Ctx, tg: Target) -> list[Outgoing]:
    if tg.sub is None or tg.sub.status != "submitted":
        status = tg.sub.status if tg.sub else "not_started"
        return [ctx.say("admin.review.cannot_accept", status=ctx.t(f"admin.status.{status}"))]
    await review.accept(ctx.conn, tg.sub, actor=ctx.actor, now=ctx.now)
    return [ctx.say("admin.review.accepted", unit=tg.unit.name, title=_title(ctx, tg))]


async def return_submission(ctx: Ctx, tg: Target, comment: str) -> list[Outgoing]:
    comment = " ".join(comment.split())[:1000]
    if not comment:
        return [ctx.say("admin.review.need_comment")]
    if tg.sub is None or tg.sub.status not in DONE:
        status = tg.sub.status if tg.sub else "not_started"
        return [ctx.say("admin.review.cannot_return", status=ctx.t(f"admin.status.{status}"))]
    # "câu 3, 5: …" names questions by their numbers in the review above
    # (the stable numbers of walk.number_of: a number a when-condition hides names nothing)
    questions = tg.plan.questions(tg.round_id)
    ids = {it.number: it.question_id for it in review_items(questions, await review.answers_of(ctx.conn, tg.sub))}
    named = question_ids(named_questions(comment), ids)
    if isinstance(named, int):
        return [ctx.say("admin.review.no_such_question", number=named, total=len(questions))]
    recipients = await review.return_submission(ctx.conn, tg, comment, actor=ctx.actor, now=ctx.now,
                                                questions=tuple(named))
    rnd = tg.plan.round(tg.round_id)
    notices = [Outgoing(
        text=t("admin.review.notice", r.locale, title=rnd.title_en if r.locale == "en" and rnd.title_en else rnd.title,
               comment=comment, round=tg.round_id),
        chat_id=r.chat_id, channel=Channel(r.channel),
    ) for r in recipients]
    unit, title = tg.unit.name, _title(ctx, tg)

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
