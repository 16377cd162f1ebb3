"""/xemdonvi (/open): an admin reads one unit's report in chat — the officer
and their phone, the submission time and lateness, the review comment, every
answer in full — in pages that each fit one message ("tiếp" or a page
number turns them; ``/xemdonvi UNIT ROUND N`` opens page N). Opening it
records the reading (``bot.services.reading``), so /tongket stops listing
the unit's text answers as waiting. Each page of a submitted report offers
accept / return / appraise (``handlers.flows.admin_review``) by number, so
there a page is asked for as "trang N"."""

from __future__ import annotations

from bot.core.messages import Option, Outgoing
from bot.core.text import fold, small_number
from bot.domain.checklist.engine import review_items
from bot.domain.reports import days_late
from bot.domain.scoring import rubric_of, score_unit
from bot.domain.status import DONE
from bot.services import reading, review
from handlers.context import Ctx
from handlers.flows.admin_review import Target, resolve, score_line, title_of
from handlers.flows.admin_scope import admin_roots
from handlers.flows.names import Flow
from handlers.views import render
from handlers.views.reading import (
    Handed,
    answer_lines,
    handed_line,
    officer_line,
    page_footer,
    pages,
)

NEXT_WORDS = frozenset({"tiep", "tiep theo", "trang sau", "next", "more"})
PAGE_WORDS = ("trang ", "page ")


def comment_kind(status: str) -> str:
    """What the stored comment was, as the submission stands now: said when
    returning, when accepting, or — resubmitted since — on the last return."""
    return {"returned": "returned", "accepted": "accepted", "submitted": "resubmitted"}.get(status, "returned")


async def cmd_open(ctx: Ctx, args: str) -> list[Outgoing]:
    parts = args.split()
    if len(parts) < 2:
        await admin_roots(ctx)
        return [ctx.say("admin.review.usage")]
    tg = await resolve(ctx, parts[0], parts[1])
    if tg.sub is not None:
        await reading.mark_read(ctx.conn, tg.sub, actor=ctx.actor, now=ctx.now)
    page = small_number(parts[2]) if len(parts) > 2 else 1
    return await show_page(ctx, tg, page or 1)


async def report_lines(ctx: Ctx, tg: Target) -> list[str]:
    """The whole report as lines: header, officer, submission, comment, answers, scores."""
    status = tg.sub.status if tg.sub else "not_started"
    lines = [ctx.t("admin.review.header", unit=tg.unit.name, code=tg.unit.code, title=title_of(ctx, tg),
                   status=ctx.t(f"admin.status.{status}")),
             officer_line(await reading.contact_of(ctx.conn, tg.unit.id), ctx.lang)]
    deadline = tg.plan.round(tg.round_id).due
    done = tg.sub is not None and tg.sub.status in DONE
    at = ctx.local(tg.sub.submitted_at) if done and tg.sub and tg.sub.submitted_at else None
    handed = handed_line(Handed(at, deadline, days_late(deadline, tg.sub, ctx.today, ctx.rt.settings.tz)), ctx.lang)
    if handed:
        lines.append(handed)
    if tg.sub is not None and tg.sub.review_comment:
        lines.append(ctx.t(f"admin.review.comment_{comment_kind(tg.sub.status)}", comment=tg.sub.review_comment))
    answers = await review.answers_of(ctx.conn, tg.sub)
    rubric = rubric_of(tg.plan, tg.round_id)
    if rubric is not None and tg.sub is not None:  # the totals first: they are what an appraiser decides on
        _, appraised = await review.scores_of(ctx.conn, tg.sub)
        score = score_unit(rubric, answers, appraised)
        lines.append(score_line(ctx, score.self_total, score.appraised_total,
                                score.band.label if score.band else None))
    questions = tg.plan.questions(tg.round_id, reported=True, unit=tg.unit)
    return lines + answer_lines(review_items(questions, answers), {q.id: q for q in questions}, ctx.lang)


async def show_page(ctx: Ctx, tg: Target, page: int) -> list[Outgoing]:
    """Page ``page`` as one message. Every page of a submitted report ends
    with the actions; the admin stays in the review to turn pages or act."""
    texts = pages(await report_lines(ctx, tg))
    if not 1 <= page <= len(texts):
        return [ctx.say("admin.review.no_page", n=page, total=len(texts))]
    actions = tg.sub is not None and tg.sub.status in DONE
    body = [texts[page - 1]]
    footer = page_footer(page, len(texts), ctx.lang, actions=actions)
    if footer:
        body.append(footer)
    state = {"unit": tg.unit.code, "plan_code": tg.plan_code, "round_id": tg.round_id, "page": page,
             "pages": len(texts)}
    if not actions:
        if len(texts) > 1:
            ctx.enter(Flow.ADMIN_REVIEW, state | {"step": "read"})
        return [Outgoing(text="\n".join(body))]
    options = [Option(ctx.t("admin.review.opt_accept"), "1"), Option(ctx.t("admin.review.opt_return"), "2")]
    if rubric_of(tg.plan, tg.round_id) is not None:
        options.append(Option(ctx.t("admin.review.opt_appraise"), "3"))
    numbered = tuple(Option(f"{o.value}. {o.label}", o.value) for o in options)
    body += [ctx.t("admin.review.choose"), render.numbered(numbered)]
    ctx.enter(Flow.ADMIN_REVIEW, state | {"step": "choose"})
    return [Outgoing(text="\n".join(body), options=numbered)]


def asked_page(text: str, step: str, current: int) -> int | None:
    """The page a reply asks for: "tiếp" the next one, "trang N" page N, and
    while no action list is offered (``step`` "read") a bare number too."""
    folded = fold(text)
    if folded in NEXT_WORDS:
        return current + 1
    for word in PAGE_WORDS:
        if folded.startswith(word):
            return small_number(folded[len(word):])
    return small_number(folded) if step == "read" else None


async def turn_page(ctx: Ctx, tg: Target, text: str) -> list[Outgoing] | None:
    """A page asked for in the review (``None``: the reply is not about pages)."""
    step = str(ctx.state.get("step"))
    page = asked_page(text, step, int(ctx.state.get("page", 1)))
    if page is not None:
        return await show_page(ctx, tg, page)
    if step == "read":
        total = int(ctx.state.get("pages", 1))
        return [ctx.say("admin.review.page_again", numbers=render.numbers_phrase(total, ctx.lang))]
    return None
