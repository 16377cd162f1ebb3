"""Filling a report: choose a round, then walk its checklist with the engine.

The engine decides; this module loads the answers, maps what the officer typed
(or pressed) to an engine input, persists ``Store``/``Submitted`` effects and
renders the rest. Navigation works as commands (/back, /quaylai …) and as the
same words typed alone.
"""

from __future__ import annotations

from typing import Any

from bot.core.messages import Option, Outgoing
from bot.core.text import small_number
from bot.domain.checklist import engine as E
from bot.domain.matching import name_hits
from bot.domain.status import OPEN
from bot.services import filling
from bot.services.progress import RoundStatus, unit_rounds
from handlers.commands import Command
from handlers.context import Ctx
from handlers.flows import scores
from handlers.flows.names import Flow
from handlers.flows.navwords import (
    NAV_KEYS as NAV_KEYS,  # re-exported: the locale test lists the words
)
from handlers.flows.navwords import parse_nav
from handlers.views import render
from handlers.views.report import ask_text, clarify_text, review_text
from handlers.views.submission import button_fits, confirm_text, receipt_text, returned_note

ROUNDS_TOKEN = "rounds"  # the buttons of the round list

# ---- choosing a round ---------------------------------------------------------------------


async def cmd_report(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.officer is None:
        return [ctx.say("common.not_registered")]
    statuses = await unit_rounds(ctx.conn, ctx.officer.unit_id)
    if not statuses:
        return [ctx.say("report.no_plans")]
    wanted = args.strip().lower()
    if wanted:
        for st in statuses:
            if st.round.id == wanted:
                return await open_round(ctx, st)
        # "/baocao 6 tháng": a round named by (a part of) its title, as in the list
        hits = _round_hits(ctx, statuses, [[s.plan.code, s.round.id] for s in statuses], args)
        if len(hits) == 1:
            return await open_round(ctx, statuses[hits[0] - 1])
        if hits:
            return _ambiguous_round(ctx, statuses, hits)
        return [ctx.say("report.unknown_round", round=args.strip()[:40]), *_choose_list(ctx, statuses)]
    return _choose_list(ctx, statuses)


def _status_text(ctx: Ctx, st: RoundStatus) -> str:
    if st.status in OPEN:
        return ctx.t(f"status.{st.status}", answered=st.answered, total=st.total)
    return ctx.t(f"status.{st.status}")


def _choose_list(ctx: Ctx, statuses: list[RoundStatus]) -> list[Outgoing]:
    options = []
    for i, st in enumerate(statuses, 1):
        label = ctx.t(
            "report.round_line", n=i, title=_title(ctx, st), deadline=render.date_vn(st.round.due),
            status=_status_text(ctx, st),
        )
        options.append(Option.button(label, str(i), ROUNDS_TOKEN))
    ctx.enter(Flow.CHOOSE_ROUND, {"choices": [[s.plan.code, s.round.id] for s in statuses], "back": _saved_walk(ctx)})
    text = ctx.t("report.choose") + "\n" + render.numbered(tuple(options)) + "\n" + ctx.t(
        "report.choose_hint", numbers=render.numbers_phrase(len(options), ctx.lang)
    )
    return [Outgoing(text=text, options=tuple(Option(o.label, o.value) for o in options))]


def _saved_walk(ctx: Ctx) -> dict[str, Any] | None:
    if ctx.flow == Flow.REPORT:
        return dict(ctx.state)
    return ctx.state.get("back") if ctx.flow == Flow.CHOOSE_ROUND else None


async def flow_choose(ctx: Ctx) -> list[Outgoing]:
    if ctx.officer is None:
        ctx.enter(None)
        return [ctx.say("common.not_registered")]
    choices = ctx.state.get("choices", [])
    text = (ctx.incoming.choice or ctx.incoming.text or "").strip()
    if ctx.button not in (None, ROUNDS_TOKEN):  # a button of an old question
        text = ""
    n = small_number(text) or 0
    statuses: list[RoundStatus] | None = None
    if n == 0 and text and ctx.button is None:  # a round named by (a part of) its title
        statuses = await unit_rounds(ctx.conn, ctx.officer.unit_id)
        hits = _round_hits(ctx, statuses, choices, text)
        if len(hits) > 1:
            return _ambiguous_round(ctx, statuses, hits)
        n = hits[0] if hits else 0
    if not 1 <= n <= len(choices):
        statuses = statuses or await unit_rounds(ctx.conn, ctx.officer.unit_id)
        again = Outgoing(text=ctx.t("report.choose_again", numbers=render.numbers_phrase(len(choices), ctx.lang)),
                         press_refused=ctx.button is not None)
        return [again, *_choose_list(ctx, statuses)]
    plan_code, round_id = choices[n - 1]
    st = await filling.current_round(ctx.conn, ctx.officer.unit_id, plan_code, round_id)
    if st is None:
        return [ctx.say("report.no_plans")]
    return await open_round(ctx, st)


def _round_hits(ctx: Ctx, statuses: list[RoundStatus], choices: list[list[str]], text: str) -> list[int]:
    """The list numbers of the rounds whose title (either language) or id the
    text names; only rounds still listed as offered (same plan and round)."""
    names = {
        str(i): [st.round.title, st.round.title_en or "", st.round.id]
        for i, st in enumerate(statuses, 1)
        if i <= len(choices) and choices[i - 1] == [st.plan.code, st.round.id]
    }
    return [int(key) for key in name_hits(text, names)]


def _ambiguous_round(ctx: Ctx, statuses: list[RoundStatus], hits: list[int]) -> list[Outgoing]:
    """"Ý anh/chị là: 2. … 3. …?" and the list again: never a guess between rounds."""
    options = " ".join(f"{i}. {_title(ctx, statuses[i - 1])}" for i in hits)
    return [ctx.say("report.ambiguous_round", options=options), *_choose_list(ctx, statuses)]


def _title(ctx: Ctx, st: RoundStatus) -> str:
    return st.round.title_en if ctx.lang == "en" and st.round.title_en else st.round.title


async def open_round(ctx: Ctx, st: RoundStatus) -> list[Outgoing]:
    """Enter the walk for a round, resuming where this person left it."""
    assert ctx.officer is not None
    previous = _saved_walk(ctx)
    walk: dict[str, Any] = {"round_id": st.round.id}
    if previous and previous.get("plan_code") == st.plan.code and previous.get("walk", {}).get("round_id") == st.round.id:
        walk = previous["walk"]
    if st.returned_to is not None:  # the admin's comment, the question it concerns, then the review
        walk = {"round_id": st.round.id, "cursor": st.returned_to, "mode": "asking", "back_to_review": True}
    ctx.enter(Flow.REPORT, {"plan_code": st.plan.code, "walk": walk})
    return returned_note(ctx, st.submission) + await run_walk(ctx, E.Start())


# ---- the walk -----------------------------------------------------------------------------


async def run_walk(ctx: Ctx, event: E.Input) -> list[Outgoing]:
    if ctx.officer is None:
        ctx.enter(None)
        return [ctx.say("common.not_registered")]
    plan_code, round_id = ctx.state["plan_code"], ctx.state["walk"]["round_id"]
    unit = ctx.unit if ctx.unit is not None and ctx.unit.id == ctx.officer.unit_id else None
    loaded = await filling.load_walk(ctx.conn, ctx.officer.unit_id, plan_code, round_id, unit=unit)
    sub, plan, questions = loaded.sub, loaded.plan, loaded.questions
    stored = dict(loaded.answers)  # as stored now: what an answer replaces
    state = E.WalkState.from_json(ctx.state["walk"], loaded.answers, locked=sub.locked, previous=loaded.previous)
    new_state, effects = E.step(questions, state, event)
    lines: list[str] = []
    options: tuple[Option, ...] = ()
    footer: tuple[Option, ...] = ()
    by_id = {q.id: q for q in questions}
    for eff in effects:
        match eff:
            case E.Store(question_id=qid, value=value):
                sub = await filling.store_answer(ctx.conn, sub, qid, value, officer_id=ctx.officer.id, now=ctx.now,
                                                 stored=stored)
                stored[qid] = value
                ctx.answered = True
                lines.append(render.saved_text(by_id[qid], value, ctx.lang))
            case E.ConfirmSubmit():
                text, options = confirm_text(ctx, plan, sub.round_id)
                lines.append(await scores.with_score(ctx, plan, sub, new_state.answers, text))
            case E.Submitted():
                sub = await scores.submit(ctx, plan, sub)
                lines.append(receipt_text(ctx, plan, sub))
            case E.Ask():
                text, options, footer = ask_text(ctx, plan, sub.round_id, by_id[eff.question_id], eff)
                lines.append(text)
            case E.Clarify():
                text, options = clarify_text(ctx, by_id[eff.question_id], eff, by_id)
                lines.append(text)
            case E.Rejected(key=key, params=params):
                lines.append("⚠️ " + render.answer_error_text(by_id[eff.question_id], key, dict(params), ctx.lang))
            case E.ShowReview():
                text, footer = review_text(ctx, plan, sub.round_id, by_id, eff, await scores.computed(ctx, plan, sub))
                lines.append(text)
            case E.SubmitRefused(missing=missing):
                lines.append("\n".join([
                    ctx.t("report.submit_refused", count=len(missing)),
                    *(render.review_line(it, by_id[it.question_id], ctx.lang) for it in missing),
                ]))
            case E.Paused(answered=a, total=n):
                lines.append(ctx.t("report.paused", answered=a, total=n))
            case E.Cancelled(answered=a):
                if sub.locked:
                    lines.append(ctx.t("report.closed_submitted"))
                else:
                    lines.append(ctx.t("report.cancelled", answered=a) if a else ctx.t("report.cancelled_empty"))
            case E.Notice(key=key, params=params):
                lines.append(ctx.t(f"report.notice.{key.split('.', 1)[1]}", **params))
    if new_state.mode in ("cancelled", "done"):
        ctx.enter(None)
    else:
        ctx.enter(Flow.REPORT, {"plan_code": ctx.state["plan_code"], "walk": new_state.to_json()})
    # a page of the review turned by its button replaces the page it was pressed on
    page_turn = (ctx.incoming.choice is not None and len(effects) == 1
                 and isinstance(effects[0], E.ShowReview) and effects[0].page is not None)
    return [Outgoing(text="\n\n".join(line for line in lines if line), options=options, footer=footer,
                     edit_previous=page_turn)]


async def flow_report(ctx: Ctx) -> list[Outgoing]:
    incoming = ctx.incoming
    if incoming.attachment is not None:
        a = incoming.attachment
        return await run_walk(ctx, E.Attach({
            "kind": a.kind, "file_id": a.file_id, "url": a.url, "name": a.name, "size": a.size,
            "mime": a.mime, "caption": a.caption, "sha256": a.sha256,
        }))
    text = incoming.choice if incoming.choice is not None else (incoming.text or "")
    walk = ctx.state.get("walk", {})
    if ctx.button is not None and not button_fits(walk, ctx.button):
        # A button on an earlier message: answering the current question with it
        # would store the wrong answer. Say so and ask the current question again.
        key = "report.stale_button_review" if walk.get("mode") == "review" else "report.stale_button"
        refused = Outgoing(text=ctx.t(key), press_refused=True)
        return [refused, *await run_walk(ctx, E.Start())]
    if walk.get("mode") == "paused":
        nav = parse_nav(text)
        if nav is None:
            return [ctx.say("report.paused_hint")]
        return await run_walk(ctx, nav)
    nav = parse_nav(text)
    return await run_walk(ctx, nav if nav is not None else E.Answer(text))


def _nav_command(event: E.Input) -> Any:
    async def fn(ctx: Ctx, args: str) -> list[Outgoing]:
        if ctx.flow != Flow.REPORT:
            return [ctx.say("report.not_in_report")]
        return await run_walk(ctx, event)
    return fn


async def cmd_review(ctx: Ctx, args: str) -> list[Outgoing]:
    page = small_number(args)  # "/xemlai 2": the review's second page
    if args.strip() and page is None:
        return [ctx.say("report.review_usage")]
    return await _nav_command(E.Review(page))(ctx, args)


async def cmd_edit(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.flow != Flow.REPORT:
        return [ctx.say("report.not_in_report")]
    number = small_number(args)
    if number is None:
        return [ctx.say("report.edit_usage")]
    return await run_walk(ctx, E.Edit(number))


async def cmd_continue(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.flow == Flow.REPORT:
        return await run_walk(ctx, E.Continue())
    if ctx.officer is not None:  # outside a walk, a returned report is what is to be continued
        returned = [st for st in await unit_rounds(ctx.conn, ctx.officer.unit_id) if st.returned_to]
        if returned:
            return await open_round(ctx, returned[0])
    return await cmd_report(ctx, "")


COMMANDS = [
    Command(("report", "baocao"), cmd_report, "officer", "cmd.report"),
    Command(("continue", "tieptuc"), cmd_continue, "officer", "cmd.continue"),
    Command(("review", "xemlai"), cmd_review, "officer", "cmd.review"),
    Command(("back", "quaylai"), _nav_command(E.Back()), "officer", "cmd.back", menu=False),
    Command(("skip", "boqua"), _nav_command(E.Skip()), "officer", "cmd.skip", menu=False),
    Command(("edit", "sua"), cmd_edit, "officer", "cmd.edit", menu=False),
    Command(("pause", "tamdung"), _nav_command(E.Pause()), "officer", "cmd.pause", menu=False),
    Command(("submit", "nop"), _nav_command(E.Submit()), "officer", "cmd.submit"),
]

FLOWS = {Flow.REPORT: flow_report, Flow.CHOOSE_ROUND: flow_choose}
