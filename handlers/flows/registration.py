"""Registration with an invite code, the officer's profile, leaving, and
linking a second channel (Zalo ↔ Telegram ↔ console) with a one-time code."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable

from bot.core.messages import Option, Outgoing
from bot.core.text import fold
from handlers.commands import Command
from handlers.context import Ctx
from handlers.views import render
from storage import audit
from storage import invites as invite_store
from storage import officers as officer_store
from storage import units as unit_store

FLOW = "register"
LEAVE = "leave"


# ---- validation ---------------------------------------------------------------------------

_PHONE_CHARS = re.compile(r"[\s.\-()]")


def normalise_phone(text: str) -> str | None:
    """Vietnamese mobile (0[35789]xxxxxxxx) or landline (02xxxxxxxxx) numbers, also
    written +84/84…; returned as 0…; ``None`` when not a valid number."""
    s = _PHONE_CHARS.sub("", text.strip())
    if s.startswith("+84"):
        s = "0" + s[3:]
    elif s.startswith("84") and len(s) in (11, 12):
        s = "0" + s[2:]
    if re.fullmatch(r"0[35789]\d{8}", s) or re.fullmatch(r"02\d{9}", s):
        return s
    return None


def normalise_name(text: str) -> str | None:
    """A person's full name: letters (any script, with diacritics), spaces, . ' -;
    at least two words, 4–100 characters."""
    s = " ".join(unicodedata.normalize("NFC", text).split())
    if not 4 <= len(s) <= 100 or len(s.split()) < 2:
        return None
    if not all(c.isalpha() or c in " .'-" for c in s):
        return None
    # Typed all in lower (or upper) case on a phone: stored as a name is written.
    return " ".join(w[:1].upper() + w[1:].lower() if w.islower() or w.isupper() else w for w in s.split())


def normalise_position(text: str) -> str | None:
    s = " ".join(unicodedata.normalize("NFC", text).split())
    return s if 2 <= len(s) <= 150 else None


# ---- codes --------------------------------------------------------------------------------


def _minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    """Whole minutes still to wait, rounded up (a 60-second wait is "1 phút")."""
    return max(1, math.ceil((until - now).total_seconds() / 60))


async def accept_code(ctx: Ctx, code: str) -> list[Outgoing]:
    """An invite code was sent: check it (slowly after repeated failures)."""
    inc = ctx.incoming
    if ctx.officer is not None:
        unit = await unit_store.get_unit(ctx.conn, ctx.officer.unit_id)
        return [ctx.say("register.already", unit=unit.name)]
    until = await invite_store.blocked_until(ctx.conn, inc.channel, inc.user_id, ctx.now)
    if until is not None:
        return [ctx.say("register.slow_down", minutes=_minutes_left(until, ctx.now))]
    result, invite = await invite_store.check_invite(ctx.conn, code, ctx.now)
    if result != "ok" or invite is None:
        blocked = await invite_store.record_failure(ctx.conn, inc.channel, inc.user_id, ctx.now)
        replies = [ctx.say(f"register.code_{result}")]
        if blocked is not None:
            replies.append(ctx.say("register.slow_down", minutes=_minutes_left(blocked, ctx.now)))
        return replies
    await invite_store.clear_failures(ctx.conn, inc.channel, inc.user_id)
    unit = await unit_store.get_unit(ctx.conn, invite.unit_id)
    ctx.enter(FLOW, {"step": "confirm", "invite_id": invite.id, "unit_id": unit.id})
    return [_confirm_question(ctx, unit.name)]


def _confirm_question(ctx: Ctx, unit_name: str) -> Outgoing:
    options = (Option(ctx.t("register.answer_yes"), "1"), Option(ctx.t("register.answer_no"), "2"))
    return Outgoing(
        text=ctx.t("register.confirm_unit", unit=unit_name) + "\n" + render.numbered(
            tuple(Option(f"{o.value}. {o.label}", o.value) for o in options)),
        options=options,
    )


async def accept_link_code(ctx: Ctx, code: str) -> list[Outgoing]:
    inc = ctx.incoming
    until = await invite_store.blocked_until(ctx.conn, inc.channel, inc.user_id, ctx.now)
    if until is not None:
        return [ctx.say("register.slow_down", minutes=_minutes_left(until, ctx.now))]
    officer_id = await invite_store.use_link_code(ctx.conn, code, ctx.now)
    if officer_id is None:
        await invite_store.record_failure(ctx.conn, inc.channel, inc.user_id, ctx.now)
        return [ctx.say("link.bad_code")]
    await officer_store.add_identity(ctx.conn, officer_id, inc.channel, inc.user_id, inc.chat_id, inc.user_name, now=ctx.now)
    officer = await officer_store.get_officer(ctx.conn, officer_id)
    assert officer is not None
    unit = await unit_store.get_unit(ctx.conn, officer.unit_id)
    await audit.record(ctx.conn, actor=ctx.actor, action="link_identity", entity="officer", entity_id=officer_id,
                       after={"channel": str(inc.channel)}, now=ctx.now)
    return [ctx.say("link.done", name=officer.full_name, unit=unit.name)]


# ---- the registration flow ----------------------------------------------------------------


async def cmd_start(ctx: Ctx, args: str) -> list[Outgoing]:
    code = args.strip()
    if code:
        if code.upper().startswith("L") and len(invite_store.normalise_code(code)) == 8 and ctx.officer is None:
            linked = await accept_link_code(ctx, code)
            if linked and linked[0].text != ctx.t("link.bad_code"):
                return linked
        return await accept_code(ctx, code)
    if ctx.officer is None:
        ctx.enter(None)
        return [ctx.say("register.welcome")]
    unit = await unit_store.get_unit(ctx.conn, ctx.officer.unit_id)
    return [ctx.say("register.welcome_back", name=ctx.officer.full_name, unit=unit.name)]


async def flow_register(ctx: Ctx) -> list[Outgoing]:
    text = (ctx.incoming.choice or ctx.incoming.text or "").strip()
    step = ctx.state.get("step")
    if ctx.incoming.attachment is not None:
        return [ctx.say(f"register.ask_{step}")]
    if step == "confirm":
        answer = fold(text)
        unit = await unit_store.get_unit(ctx.conn, int(ctx.state["unit_id"]))
        if answer in {"1", "co", "dung", "yes", "y", "ok"}:
            ctx.state["step"] = "name"
            return [ctx.say("register.ask_name")]
        if answer in {"2", "khong", "no", "n", "sai"}:
            ctx.enter(None)
            return [ctx.say("register.not_my_unit")]
        return [ctx.say("register.confirm_again"), _confirm_question(ctx, unit.name)]
    if step in PROFILE_STEPS:
        normalise, field, next_step = PROFILE_STEPS[step]
        value = normalise(text)
        if value is None:
            return [ctx.say(f"register.bad_{step}")]
        if next_step is None:
            return await _finish(ctx, value)
        ctx.state.update({"step": next_step, field: value})
        return [ctx.say(f"register.ask_{next_step}")]
    ctx.enter(None)
    return [ctx.say("register.welcome")]


# step → (validation, where the value is kept, the next step; None: the last one)
PROFILE_STEPS: dict[str, tuple[Callable[[str], str | None], str, str | None]] = {
    "name": (normalise_name, "full_name", "position"),
    "position": (normalise_position, "position", "phone"),
    "phone": (normalise_phone, "phone", None),
}


async def _finish(ctx: Ctx, phone: str) -> list[Outgoing]:
    inc = ctx.incoming
    if not await invite_store.use_invite(ctx.conn, int(ctx.state["invite_id"])):
        ctx.enter(None)
        return [ctx.say("register.code_used_up")]
    officer = await officer_store.create_officer(
        ctx.conn, unit_id=int(ctx.state["unit_id"]), full_name=ctx.state["full_name"],
        position=ctx.state["position"], phone=phone, locale=ctx.lang, channel=inc.channel,
        user_id=inc.user_id, chat_id=inc.chat_id, display_name=inc.user_name, now=ctx.now,
    )
    await audit.record(ctx.conn, actor=ctx.actor, action="register", entity="officer", entity_id=officer.id,
                       after={"unit_id": officer.unit_id, "name": officer.full_name}, now=ctx.now)
    unit = await unit_store.get_unit(ctx.conn, officer.unit_id)
    ctx.enter(None)
    ctx.officer = officer
    return [ctx.say("register.done", name=officer.full_name, unit=unit.name)]


# ---- profile, leave, link -----------------------------------------------------------------


async def cmd_profile(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.officer is None:
        return [ctx.say("common.not_registered")]
    unit = await unit_store.get_unit(ctx.conn, ctx.officer.unit_id)
    channels = ", ".join(sorted({i.channel for i in await officer_store.identities_of(ctx.conn, ctx.officer.id)}))
    o = ctx.officer
    return [ctx.say("profile.show", name=o.full_name, position=o.position, phone=o.phone,
                    unit=unit.name, code=unit.code, channels=channels)]


async def cmd_leave(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.officer is None:
        return [ctx.say("common.not_registered")]
    unit = await unit_store.get_unit(ctx.conn, ctx.officer.unit_id)
    ctx.enter(LEAVE, {})
    options = (Option(ctx.t("register.answer_yes"), "1"), Option(ctx.t("register.answer_no"), "2"))
    listing = render.numbered(tuple(Option(f"{o.value}. {o.label}", o.value) for o in options))
    return [Outgoing(text=ctx.t("leave.confirm", unit=unit.name) + "\n" + listing, options=options)]


async def flow_leave(ctx: Ctx) -> list[Outgoing]:
    answer = fold((ctx.incoming.choice or ctx.incoming.text or "").strip())
    ctx.enter(None)
    if ctx.officer is None:
        return [ctx.say("common.not_registered")]
    if answer in {"1", "co", "dung", "yes", "y"}:
        await officer_store.leave(ctx.conn, ctx.officer.id, now=ctx.now)
        await audit.record(ctx.conn, actor=ctx.actor, action="leave", entity="officer",
                           entity_id=ctx.officer.id, now=ctx.now)
        return [ctx.say("leave.done")]
    return [ctx.say("leave.kept")]


async def cmd_link(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.officer is None:
        if args.strip():
            return await accept_link_code(ctx, args.strip())
        return [ctx.say("common.not_registered")]
    code = await invite_store.create_link_code(ctx.conn, ctx.officer.id, ctx.now)
    return [ctx.say("link.code", code=code, minutes=30)]


COMMANDS = [
    Command(("start", "batdau"), cmd_start, "any", "cmd.start"),
    Command(("profile", "hoso"), cmd_profile, "officer", "cmd.profile"),
    Command(("leave", "roi"), cmd_leave, "officer", "cmd.leave"),
    Command(("link", "lienket"), cmd_link, "officer", "cmd.link"),
]

FLOWS = {FLOW: flow_register, LEAVE: flow_leave}
