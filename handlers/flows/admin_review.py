"""Reviewing one unit's submission: open it, accept it, return it with a
comment (the officer is told and the round reopens for them). Appraisal of
scores is in ``handlers.flows.admin_appraise``."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.messages import Channel, Option, Outgoing
from bot.domain.checklist.engine import review_items
from bot.domain.plan.model import Plan
from bot.domain.scoring import rubric_of, score_unit
from bot.domain.status import DONE
from handlers.context import Ctx
from handlers.flows.admin_scope import admin_roots, unit_in_scope
from handlers.flows.admin_summary import resolve_round
from handlers.views import render
from handlers.views.admin import pack
from locales import t
from storage import audit
from storage import plans as plan_store
from storage import reports as report_store
from storage import submissions as sub_store
from storage.submissions import Submission
from storage.units import Unit

REVIEW = "admin_review"


@dataclass(frozen=True)
class Target:
    unit: Unit
    plan: Plan
    plan_code: str
    round_id: str
    sub: Submission | None


async def resolve(ctx: Ctx, unit_code: str, round_spec: str) -> Target:
    """A unit (in scope) and a round; the submission may not exist yet."""
    await admin_roots(ctx)
    unit = await unit_in_scope(ctx, unit_code)
    stored, round_id = await resolve_round(ctx, round_spec)
    sub = await sub_store.find_submission(ctx.conn, unit.id, stored.code, round_id)
    plan = stored.plan
    if sub is not None and sub.plan_id != stored.id:
        pinned = await plan_store.get_plan(ctx.conn, sub.plan_id)
        plan = pinned.plan if pinned else plan
    return Target(unit, plan, stored.code, round_id, sub)


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
    answers = await sub_store.load_answers(ctx.conn, tg.sub.id) if tg.sub else {}
    questions = tg.plan.questions(tg.round_id)
    by_id = {q.id: q for q in questions}
    lines += [render.review_line(it, by_id[it.question_id], ctx.lang) for it in review_items(questions, answers)]
    rubric = rubric_of(tg.plan, tg.round_id)
    if rubric is not None and tg.sub is not None:
        score = score_unit(rubric, answers, await report_store.appraisals_of(ctx.conn, tg.sub.id))
        lines.append(score_line(ctx, score.self_total, score.appraised_total,
                                score.band.label if score.band else None))
    if tg.sub is None or tg.sub.status not in DONE:
        return [Outgoing(text=p) for p in pack(lines)]
    options = [Option(ctx.t("admin.review.opt_accept"), "1"), Option(ctx.t("admin.review.opt_return"), "2")]
    if rubric is not None:
        options.append(Option(ctx.t("admin.review.opt_appraise"), "3"))
    numbered = tuple(Option(f"{o.value}. {o.label}", o.value) for o in options)
    lines += [ctx.t("admin.review.choose"), render.numbered(numbered)]
    ctx.enter(REVIEW, {"unit": tg.unit.code, "plan_code": tg.plan_code, "round_id": tg.round_id, "step": "choose"})
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
        ctx.enter(None)
        return await return_submission(ctx, tg, text)
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
    await sub_store.set_status(ctx.conn, tg.sub.id, "accepted", now=ctx.now, reviewer=ctx.actor)
    await audit.record(ctx.conn, actor=ctx.actor, action="accept", entity="submission", entity_id=tg.sub.id,
                       before={"status": tg.sub.status}, after={"status": "accepted"}, now=ctx.now)
    return [ctx.say("admin.review.accepted", unit=tg.unit.name, title=_title(ctx, tg))]


async def return_submission(ctx: Ctx, tg: Target, comment: str) -> list[Outgoing]:
    comment = " ".join(comment.split())[:1000]
    if not comment:
        return [ctx.say("admin.review.need_comment")]
    if tg.sub is None or tg.sub.status not in DONE:
        status = tg.sub.status if tg.sub else "not_started"
        return [ctx.say("admin.review.cannot_return", status=ctx.t(f"admin.status.{status}"))]
    await sub_store.set_status(ctx.conn, tg.sub.id, "returned", now=ctx.now, comment=comment, reviewer=ctx.actor)
    await audit.record(ctx.conn, actor=ctx.actor, action="return", entity="submission", entity_id=tg.sub.id,
                       before={"status": tg.sub.status, "comment": tg.sub.review_comment},
                       after={"status": "returned", "comment": comment}, now=ctx.now)
    replies = [ctx.say("admin.review.returned", unit=tg.unit.name, title=_title(ctx, tg))]
    rnd = tg.plan.round(tg.round_id)
    for r in await report_store.recipients(ctx.conn, {tg.unit.id}):
        title = rnd.title_en if r.locale == "en" and rnd.title_en else rnd.title
        replies.append(Outgoing(
            text=t("admin.review.notice", r.locale, title=title, comment=comment, round=tg.round_id),
            chat_id=r.chat_id, channel=Channel(r.channel),
        ))
    return replies


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
