"""Admin reminder commands.

* ``/remind`` (``/nhac``) [round]: the due reminder for a round, sent now to
  the officers of every unit in the admin's scope that has not submitted —
  after a confirmation, and never twice to a unit within the cool-down.
* ``/remind_text`` (``/nhac_nhom``) [round]: the roll-call as text, for the
  admin to forward into a Zalo group (Zalo bots cannot join groups).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.core.messages import Option, Outgoing
from bot.core.text import small_number
from bot.domain.plan.model import Round
from bot.domain.reminders import keys
from bot.domain.reminders.calendar import WorkCalendar
from bot.domain.status import DONE
from bot.services.progress import round_status
from bot.services.reminders.planner import World, load_world
from handlers.commands import Command
from handlers.context import Ctx
from handlers.views.reminders import Renderer, title
from handlers.views.render import date_vn, numbered
from storage import reminders as store
from storage.plans import StoredPlan

PICK, CONFIRM = "remind_pick", "remind_confirm"
COOLDOWN = dt.timedelta(hours=12)


async def _scope(ctx: Ctx) -> set[int]:
    return set(await store.admin_scope_units(ctx.conn, str(ctx.incoming.channel), ctx.incoming.user_id))


def _rounds(world: World) -> list[tuple[StoredPlan, Round]]:
    return sorted(((s, r) for s in world.plans for r in s.plan.rounds), key=lambda x: (x[1].deadline, x[0].code))


def _find(world: World, arg: str, today: dt.date) -> tuple[StoredPlan, Round] | None:
    rounds = _rounds(world)
    if not arg:  # the nearest deadline still ahead, else the latest one passed
        ahead = [x for x in rounds if x[1].deadline >= today]
        return ahead[0] if ahead else (rounds[-1] if rounds else None)
    n = small_number(arg)
    if n is not None and 1 <= n <= len(rounds):
        return rounds[n - 1]
    return next((x for x in rounds if x[1].id == arg.lower()), None)


def _open_units(world: World, stored: StoredPlan, rnd: Round, scope: set[int]) -> list[int]:
    return sorted(u for u in world.open_units(stored, rnd) if scope & set(world.ancestors(u)))


def _choose(ctx: Ctx, world: World) -> list[Outgoing]:
    rounds = _rounds(world)
    if not rounds:
        return [ctx.say("reminders.command.no_rounds")]
    options = tuple(
        Option(ctx.t("reminders.command.round_line", n=i, round=title(r, ctx.lang), deadline=date_vn(r.deadline)), str(i))
        for i, (_, r) in enumerate(rounds, 1)
    )
    ctx.enter(PICK)
    text = "\n".join([ctx.t("reminders.command.choose"), numbered(options), ctx.t("reminders.command.choose_hint")])
    return [Outgoing(text=text, options=options)]


async def _plan(ctx: Ctx, world: World, stored: StoredPlan, rnd: Round, scope: set[int]) -> dict[str, Any]:
    """Who would get the manual reminder now, and who is in cool-down."""
    recent = await store.recent_manual_units(ctx.conn, stored.code, rnd.id, ctx.now - COOLDOWN)
    units = _open_units(world, stored, rnd, scope)
    people = [[u, o.officer_id, o.channel, o.chat_id, o.locale, o.full_name]
              for u in units if u not in recent for o in world.officers.get(u, []) if o.reachable]
    return {"plan": stored.code, "round": rnd.id, "people": people,
            "cooling": len([u for u in units if u in recent])}


async def _confirm(ctx: Ctx, world: World, stored: StoredPlan, rnd: Round, scope: set[int]) -> list[Outgoing]:
    state = await _plan(ctx, world, stored, rnd, scope)
    hours = int(COOLDOWN.total_seconds() // 3600)
    if not state["people"]:
        ctx.enter(None)
        return [ctx.say("reminders.command.nothing", round=title(rnd, ctx.lang), hours=hours)]
    lines = [ctx.t("reminders.command.confirm", round=title(rnd, ctx.lang), deadline=date_vn(rnd.deadline),
                   people=len(state["people"]), units=len({p[0] for p in state["people"]}))]
    if state["cooling"]:
        lines.append(ctx.t("reminders.command.cooldown_note", count=state["cooling"], hours=hours))
    lines.append(ctx.t("reminders.command.confirm_hint"))
    ctx.enter(CONFIRM, state)
    options = (Option(ctx.t("reminders.command.send_option"), "1"), Option(ctx.t("reminders.command.cancel_option"), "2"))
    return [Outgoing(text="\n".join(lines), options=options)]


async def cmd_remind(ctx: Ctx, args: str) -> list[Outgoing]:
    scope = await _scope(ctx)
    if not scope:
        return [ctx.say("reminders.command.not_admin")]
    world = await load_world(ctx.conn)
    if not args.strip():
        return _choose(ctx, world)
    found = _find(world, args.strip(), ctx.today)
    if found is None:
        return [ctx.say("reminders.command.unknown_round", round=args.strip()[:40])]
    return await _confirm(ctx, world, *found, scope)


async def flow_pick(ctx: Ctx) -> list[Outgoing]:
    scope = await _scope(ctx)
    world = await load_world(ctx.conn)
    text = (ctx.incoming.choice or ctx.incoming.text or "").strip()
    found = _find(world, text, ctx.today) if text else None
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
    # The cool-down is checked again: another admin may have just sent it.
    recent = await store.recent_manual_units(ctx.conn, state["plan"], state["round"], ctx.now - COOLDOWN)
    rows = [
        {"dedupe_key": keys.manual(state["plan"], state["round"], ctx.now, unit, oid),
         "due_at": ctx.now, "kind": "manual", "unit_id": unit, "plan_code": state["plan"],
         "round_id": state["round"], "recipient_kind": "officer", "channel": channel, "chat_id": chat,
         "officer_id": oid, "payload": {"lang": lang, "who": name, "by": ctx.actor}}
        for unit, oid, channel, chat, lang, name in state.get("people", []) if unit not in recent
    ]
    count = await store.insert_absent(ctx.conn, rows, ctx.now)
    return [ctx.say("reminders.command.queued", count=count)]


async def cmd_remind_text(ctx: Ctx, args: str) -> list[Outgoing]:
    scope = await _scope(ctx)
    if not scope:
        return [ctx.say("reminders.command.not_admin")]
    world = await load_world(ctx.conn)
    found = _find(world, args.strip(), ctx.today)
    if found is None:
        return [ctx.say("reminders.command.unknown_round" if args.strip() else "reminders.command.no_rounds",
                        round=args.strip()[:40])]
    stored, rnd = found
    renderer = Renderer(WorkCalendar.from_settings(ctx.rt.settings), ctx.rt.settings.tz)
    out = []
    applicable = world.reporting(stored.plan)
    for root in sorted(scope):
        covered = {u for u in applicable if root in world.ancestors(u)}
        if covered == {root}:
            st = await round_status(ctx.conn, root, stored, rnd.id)
            if st.status in DONE:
                continue
            text = await renderer.unit_text(ctx.conn, "group", st, root, ctx.today, ctx.lang)
        else:
            rolled = await renderer.rollup(ctx.conn, stored, rnd, root, ctx.today, ctx.lang)
            if isinstance(rolled, str):
                continue
            text = rolled.text
        out.append(Outgoing(text=text))
    if not out:
        hours = int(COOLDOWN.total_seconds() // 3600)
        return [ctx.say("reminders.command.nothing", round=title(rnd, ctx.lang), hours=hours)]
    return [*out, ctx.say("reminders.group.forward")]


COMMANDS = [
    Command(("remind", "nhac"), cmd_remind, "admin", "reminders.cmd.remind"),
    Command(("remind_text", "nhac_nhom"), cmd_remind_text, "admin", "reminders.cmd.remind_text"),
]

FLOWS = {PICK: flow_pick, CONFIRM: flow_confirm}
