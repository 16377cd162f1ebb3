"""Admin reminder commands.

* ``/remind`` (``/nhac``) [round]: the due reminder for a round, sent now to
  the officers of every unit in the admin's scope that has not submitted —
  after a confirmation, and never twice to a unit within the cool-down.
* ``/remind_text`` (``/nhac_nhom``) [round]: the roll-call as text, for the
  admin to forward into a Zalo group (Zalo bots cannot join groups); without
  a round, the admin picks one from the list.
"""

from __future__ import annotations

from bot.core.messages import Option, Outgoing
from bot.core.text import small_number
from bot.domain.entities import StoredPlan
from bot.domain.plan.model import Round
from bot.domain.reminders.calendar import WorkCalendar
from bot.services import scope as scope_service
from bot.services.reminders import manual
from bot.services.reminders.manual import COOLDOWN, World
from handlers.commands import Command
from handlers.context import Ctx
from handlers.flows.admin_scope import revoked
from handlers.flows.names import Flow
from handlers.views.reminders import TEXTS, title
from handlers.views.render import date_vn, numbered


async def _scope(ctx: Ctx) -> set[int]:
    return await scope_service.scope_units(ctx.conn, str(ctx.incoming.channel), ctx.incoming.user_id)


def _choose(ctx: Ctx, world: World, then: Flow = Flow.REMIND_PICK) -> list[Outgoing]:
    rounds = manual.rounds(world)
    if not rounds:
        return [ctx.say("reminders.command.no_rounds")]
    options = tuple(
        Option(ctx.t("reminders.command.round_line", n=i, round=title(r, ctx.lang), deadline=date_vn(r.due)), str(i))
        for i, (_, r) in enumerate(rounds, 1)
    )
    ctx.enter(then)
    text = "\n".join([ctx.t("reminders.command.choose"), numbered(options), ctx.t("reminders.command.choose_hint")])
    return [Outgoing(text=text, options=options)]


async def _confirm(ctx: Ctx, world: World, stored: StoredPlan, rnd: Round, scope: set[int]) -> list[Outgoing]:
    state = await manual.plan(ctx.conn, world, stored, rnd, scope, ctx.now)
    hours = int(COOLDOWN.total_seconds() // 3600)
    unreached = _unreached_lines(ctx, state["unreached"])
    if not state["people"]:
        ctx.enter(None)
        return [Outgoing(text="\n".join(
            [ctx.t("reminders.command.nothing", round=title(rnd, ctx.lang), hours=hours), *unreached]))]
    lines = [ctx.t("reminders.command.confirm", round=title(rnd, ctx.lang), deadline=date_vn(rnd.due),
                   people=len(state["people"]), units=len({p[0] for p in state["people"]}))]
    if state["cooling"]:
        lines.append(ctx.t("reminders.command.cooldown_note", count=state["cooling"], hours=hours))
    lines += unreached
    lines.append(ctx.t("reminders.command.confirm_hint"))
    ctx.enter(Flow.REMIND_CONFIRM, state)
    options = (Option(ctx.t("reminders.command.send_option"), "1"), Option(ctx.t("reminders.command.cancel_option"), "2"))
    return [Outgoing(text="\n".join(lines), options=options)]


def _unreached_lines(ctx: Ctx, unreached: list[list[str]]) -> list[str]:
    """The open units no reminder can reach, each with why, for the admin to call."""
    if not unreached:
        return []
    return [ctx.t("reminders.command.unreached", count=len(unreached)),
            *(ctx.t(f"reminders.command.unreached_{why}", unit=name) for name, why in unreached)]


async def cmd_remind(ctx: Ctx, args: str) -> list[Outgoing]:
    scope = await _scope(ctx)
    if not scope:
        return [ctx.say("reminders.command.not_admin")]
    world = await manual.load_world(ctx.conn)
    if not args.strip():
        return _choose(ctx, world)
    found = manual.find_round(world, args.strip(), ctx.today)
    if found is None:
        return [ctx.say("reminders.command.unknown_round", round=args.strip()[:40])]
    return await _confirm(ctx, world, *found, scope)


async def flow_pick(ctx: Ctx) -> list[Outgoing]:
    scope = await _scope(ctx)
    world = await manual.load_world(ctx.conn)
    text = (ctx.incoming.choice or ctx.incoming.text or "").strip()
    found = manual.find_round(world, text, ctx.today) if text else None
    if not scope or found is None:
        ctx.enter(None)
        return [ctx.say("reminders.command.cancelled")]
    return await _confirm(ctx, world, *found, scope)


async def flow_confirm(ctx: Ctx) -> list[Outgoing]:
    text = (ctx.incoming.choice or ctx.incoming.text or "").strip()
    state = dict(ctx.state)
    ctx.enter(None)
    if small_number(text) != 1:
        return [ctx.say("reminders.command.cancelled")]
    # the officers' units, every one still in the admin's scope as it queues
    if gone := await revoked(ctx, {int(p[0]) for p in state.get("people", [])}):
        return gone
    count = await manual.queue(ctx.conn, state, actor=ctx.actor, now=ctx.now)
    return [ctx.say("reminders.command.queued", count=count)]


async def cmd_remind_text(ctx: Ctx, args: str) -> list[Outgoing]:
    scope = await _scope(ctx)
    if not scope:
        return [ctx.say("reminders.command.not_admin")]
    world = await manual.load_world(ctx.conn)
    if not args.strip() and len(manual.rounds(world)) > 1:
        return _choose(ctx, world, then=Flow.REMIND_TEXT_PICK)
    found = manual.find_round(world, args.strip(), ctx.today)
    if found is None:
        return [ctx.say("reminders.command.unknown_round" if args.strip() else "reminders.command.no_rounds",
                        round=args.strip()[:40])]
    return await _roll_calls(ctx, world, *found, scope)


async def flow_pick_text(ctx: Ctx) -> list[Outgoing]:
    scope = await _scope(ctx)
    world = await manual.load_world(ctx.conn)
    text = (ctx.incoming.choice or ctx.incoming.text or "").strip()
    found = manual.find_round(world, text, ctx.today) if text else None
    ctx.enter(None)
    if not scope or found is None:
        return [ctx.say("reminders.command.cancelled")]
    return await _roll_calls(ctx, world, *found, scope)


async def _roll_calls(ctx: Ctx, world: World, stored: StoredPlan, rnd: Round, scope: set[int]) -> list[Outgoing]:
    texts = await manual.roll_calls(
        ctx.conn, world, stored, rnd, scope, texts=TEXTS, cal=WorkCalendar.from_settings(ctx.rt.settings),
        tz=ctx.rt.settings.tz, today=ctx.today, lang=ctx.lang,
    )
    out = [Outgoing(text=text) for text in texts]
    if not out:
        hours = int(COOLDOWN.total_seconds() // 3600)
        return [ctx.say("reminders.command.nothing", round=title(rnd, ctx.lang), hours=hours)]
    return [*out, ctx.say("reminders.group.forward")]


COMMANDS = [
    Command(("remind", "nhac"), cmd_remind, "admin", "reminders.cmd.remind"),
    Command(("remind_text", "nhac_nhom"), cmd_remind_text, "admin", "reminders.cmd.remind_text"),
]

FLOWS = {Flow.REMIND_PICK: flow_pick, Flow.REMIND_CONFIRM: flow_confirm, Flow.REMIND_TEXT_PICK: flow_pick_text}
