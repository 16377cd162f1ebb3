"""Appraised scores per criterion (scoring rounds), points only the upper
level awards included; totals and band are recomputed after every change and
each change goes to the audit log with the points before and after."""

from __future__ import annotations

from typing import Any, Literal

from bot.core.messages import Outgoing
from bot.core.text import fold
from bot.domain.plan.model import Criterion, Rubric, score_question_id
from bot.domain.plan.rubric import evidence_question_id
from bot.domain.scoring import criterion_key, find_criterion, rubric_of, score_unit
from bot.domain.status import DONE
from bot.services import review
from handlers.commands import Command
from handlers.context import Ctx
from handlers.flows.admin_review import Target, resolve, score_line, target_from_state
from handlers.flows.admin_scope import admin_roots, revoked
from handlers.flows.names import Flow
from handlers.views import render
from handlers.views.scoring import criterion_label, evidence_line

KEEP = (("=",), ("giu", "nguyen"), ("giu",), ("keep",))
SKIP = (("-",), ("bo", "qua"), ("skip",))
Entry = tuple[Literal["keep", "skip", "points", "bad"], float | None, str | None]
NOTE_MAX = 500


def bounds(c: Criterion) -> tuple[float, float]:
    return c.bounds


def own_points(c: Criterion, value: Any) -> float | None:
    """The unit's own points for the criterion: its number, or its chosen option's
    points (none for an option that says the criterion does not apply)."""
    if c.upper_level_only or value is None:
        return None
    return c.option_points(value) if c.options else float(value)


def parse_points(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def _after(words: list[str], leads: tuple[tuple[str, ...], ...]) -> list[str] | None:
    """The words after a leading keep/skip word (``None``: it does not lead)."""
    folded = [fold(w) for w in words]
    for lead in leads:
        if tuple(folded[: len(lead)]) == lead:
            return words[len(lead):]
    return None


def parse_entry(text: str) -> Entry:
    """One step of the walk: points, the keep word or the skip word, each
    optionally followed by a note ("4,5 Thiếu biên bản", "= Đủ hồ sơ")."""
    words = text.split()
    if _after(words, SKIP) == []:
        return "skip", None, None
    rest = _after(words, KEEP)
    if rest is not None:
        return "keep", None, " ".join(rest)[:NOTE_MAX] or None
    points = parse_points(words[0]) if words else None
    if points is None:
        return "bad", None, None
    return "points", points, " ".join(words[1:])[:NOTE_MAX] or None


def _keys(rubric: Rubric) -> list[str]:
    return [criterion_key(g.id, c.id) for g in rubric.groups for c in g.criteria]


def _group_of(rubric: Rubric, key: str) -> tuple[str, str]:
    group_id, _, crit_id = key.partition(".")
    return group_id, crit_id


async def save(ctx: Ctx, tg: Target, rubric: Rubric, key: str, points: float, comment: str | None) -> Outgoing | None:
    """Store one appraised score; the refusal (naming the criterion by its
    label and giving its range) when it is refused."""
    c = find_criterion(rubric, key)
    if c is None:
        return ctx.say("admin.appraise.unknown_criterion", criterion=key[:60])
    low, high = bounds(c)
    if not low <= points <= high:
        return ctx.say("admin.appraise.out_of_range", criterion=criterion_label(c, ctx.lang),
                       min=render.number(low), max=render.number(high))
    assert tg.sub is not None
    await review.appraise(ctx.conn, tg.sub, key, points, comment=comment, actor=ctx.actor, now=ctx.now)
    return None


def saved(ctx: Ctx, points: float, note: str | None) -> Outgoing:
    if note:
        return ctx.say("admin.appraise.saved_note", points=render.number(points), note=note)
    return ctx.say("admin.appraise.saved", points=render.number(points))


async def totals(ctx: Ctx, tg: Target, rubric: Rubric) -> str:
    assert tg.sub is not None
    answers, appraised = await review.scores_of(ctx.conn, tg.sub)
    score = score_unit(rubric, answers, appraised)
    return score_line(ctx, score.self_total, score.appraised_total, score.band.label if score.band else None)


def _refuse(ctx: Ctx, tg: Target) -> list[Outgoing] | None:
    if rubric_of(tg.plan, tg.round_id) is None:
        return [ctx.say("admin.appraise.not_scoring")]
    if tg.sub is None or tg.sub.status not in DONE:
        status = tg.sub.status if tg.sub else "not_started"
        return [ctx.say("admin.appraise.not_submitted", status=ctx.t(f"admin.status.{status}"))]
    return None


async def cmd_appraise(ctx: Ctx, args: str) -> list[Outgoing]:
    """``/thamdinh UNIT ROUND`` walks every criterion; ``/thamdinh UNIT ROUND
    GROUP.CRITERION POINTS [comment]`` sets one."""
    parts = args.split(maxsplit=4)
    if len(parts) < 2:
        await admin_roots(ctx)
        return [ctx.say("admin.appraise.usage")]
    tg = await resolve(ctx, parts[0], parts[1])
    refused = _refuse(ctx, tg)
    if refused:
        return refused
    if len(parts) == 2:
        return await start_appraisal(ctx, tg)
    rubric = rubric_of(tg.plan, tg.round_id)
    assert rubric is not None
    points = parse_points(parts[3]) if len(parts) > 3 else None
    if points is None:
        return [ctx.say("admin.appraise.usage")]
    note = parts[4] if len(parts) > 4 else None
    refusal = await save(ctx, tg, rubric, parts[2], points, note)
    if refusal:
        return [refusal]
    return [saved(ctx, points, note), Outgoing(text=await totals(ctx, tg, rubric))]


async def start_appraisal(ctx: Ctx, tg: Target) -> list[Outgoing]:
    refused = _refuse(ctx, tg)
    if refused:
        ctx.enter(None)
        return refused
    ctx.enter(Flow.ADMIN_APPRAISE, {"unit": tg.unit.code, "plan_code": tg.plan_code, "round_id": tg.round_id, "i": 0})
    return [await _ask(ctx, tg)]


async def _ask(ctx: Ctx, tg: Target) -> Outgoing:
    rubric = rubric_of(tg.plan, tg.round_id)
    assert rubric is not None and tg.sub is not None
    keys = _keys(rubric)
    i = int(ctx.state["i"])
    key = keys[i]
    group_id, crit_id = _group_of(rubric, key)
    c = find_criterion(rubric, key)
    assert c is not None
    answers, appraised = await review.scores_of(ctx.conn, tg.sub)
    current = appraised.get(key)
    own = own_points(c, answers.get(score_question_id(group_id, crit_id)))
    low, high = bounds(c)
    text = c.text_en if ctx.lang == "en" and c.text_en else c.text
    evidence = None
    if c.evidence and not c.upper_level_only:
        ev_id = evidence_question_id(group_id, crit_id)
        ev_q = next((q for q in tg.plan.questions(tg.round_id) if q.id == ev_id), None)
        evidence = evidence_line(ev_q, answers.get(ev_id), ctx.lang)
    lines = [
        ctx.t("admin.appraise.ask", n=i + 1, total=len(keys), text=text, criterion=key),
        ctx.t("admin.appraise.points", min=render.number(low), max=render.number(high),
              own="—" if own is None else render.number(own),
              current="—" if current is None else render.number(current.points)),
        evidence or "",
        ctx.t("admin.appraise.rule", rule=c.rule) if c.rule else "",
        ctx.t("admin.appraise.appraiser", body=c.appraiser) if c.appraiser else "",
        ctx.t("admin.appraise.current_note", note=current.comment) if current and current.comment else "",
        ctx.t("admin.appraise.upper_only") if c.upper_level_only else "",
        ctx.t("admin.appraise.computed") if c.computed else "",
        ctx.t("admin.appraise.hint"),
    ]
    return Outgoing(text="\n".join(line for line in lines if line))


async def flow_appraise(ctx: Ctx) -> list[Outgoing]:
    if gone := await revoked(ctx, codes=[str(ctx.state.get("unit", ""))]):
        return gone
    tg = await target_from_state(ctx)
    refused = _refuse(ctx, tg)
    if refused:
        ctx.enter(None)
        return refused
    rubric = rubric_of(tg.plan, tg.round_id)
    assert rubric is not None and tg.sub is not None
    keys = _keys(rubric)
    key = keys[int(ctx.state["i"])]
    kind, points, note = parse_entry(ctx.incoming.choice or ctx.incoming.text or "")
    replies: list[Outgoing] = []
    if kind == "keep":
        group_id, crit_id = _group_of(rubric, key)
        c = find_criterion(rubric, key)
        own = None if c is None else own_points(
            c, (await review.answers_of(ctx.conn, tg.sub)).get(score_question_id(group_id, crit_id)))
        if own is None:
            return [ctx.say("admin.appraise.no_self"), await _ask(ctx, tg)]
        await save(ctx, tg, rubric, key, float(own), note)
        if note:
            replies.append(saved(ctx, float(own), note))
    elif kind == "bad":
        return [ctx.say("admin.appraise.not_a_number"), await _ask(ctx, tg)]
    elif kind == "points":
        assert points is not None
        refusal = await save(ctx, tg, rubric, key, points, note)
        if refusal:
            return [refusal, await _ask(ctx, tg)]
        replies.append(saved(ctx, points, note))
    i = int(ctx.state["i"]) + 1
    if i >= len(keys):
        ctx.enter(None)
        return [*replies, ctx.say("admin.appraise.done"), Outgoing(text=await totals(ctx, tg, rubric))]
    ctx.state["i"] = i
    return [*replies, await _ask(ctx, tg)]


COMMANDS = [Command(("appraise", "thamdinh"), cmd_appraise, "admin", "admin.cmd.appraise")]

FLOWS = {Flow.ADMIN_APPRAISE: flow_appraise}
