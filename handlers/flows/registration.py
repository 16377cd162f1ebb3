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
from bot.services import registration, usage
from handlers.commands import Command
from handlers.context import Ctx
from handlers.flows.names import Flow
from handlers.views import render

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
    if ctx.officer is not None:
        unit = await registration.unit_of(ctx.conn, ctx.officer.unit_id)
        return [ctx.say("register.already", unit=unit.name)]
    if not await usage.zalo_seat_free(ctx.conn, ctx.rt, ctx.incoming):
        return [_zalo_full(ctx)]
    check = await registration.check_invite_code(ctx.conn, ctx.incoming, code, ctx.now)
    if check.outcome == "throttled":
        assert check.wait_until is not None
        return [_slow_down(ctx, check.wait_until)]
    if check.unit is None:
        replies = [ctx.say(f"register.code_{check.outcome}")]
        if check.wait_until is not None:
            replies.append(_slow_down(ctx, check.wait_until))
        return replies
    ctx.enter(Flow.REGISTER, {"step": "confirm", "invite_id": check.invite_id, "unit_id": check.unit.id})
    return [_confirm_question(ctx, check.unit.name)]


def _zalo_full(ctx: Ctx) -> Outgoing:
    """The Bot Platform's user cap is reached: point to the Official Account."""
    return ctx.say("register.zalo_full", limit=ctx.rt.settings.zalo_max_users)


def _slow_down(ctx: Ctx, until: dt.datetime) -> Outgoing:
    return ctx.say("register.slow_down", minutes=_minutes_left(until, ctx.now))


def _confirm_question(ctx: Ctx, unit_name: str) -> Outgoing:
    options = (Option(ctx.t("register.answer_yes"), "1"), Option(ctx.t("register.answer_no"), "2"))
    return Outgoing(
        text=ctx.t("register.confirm_unit", unit=unit_name) + "\n" + render.numbered(
            tuple(Option(f"{o.value}. {o.label}", o.value) for o in options)),
        options=options,
    )


async def accept_link_code(ctx: Ctx, code: str) -> list[Outgoing]:
    if not await usage.zalo_seat_free(ctx.conn, ctx.rt, ctx.incoming):
        return [_zalo_full(ctx)]
    check = await registration.link_identity(ctx.conn, ctx.incoming, code, ctx.now)
    if check.outcome == "throttled":
        assert check.wait_until is not None
        return [_slow_down(ctx, check.wait_until)]
    if check.officer is None or check.unit is None:
        return [ctx.say("link.bad_code")]
    warnings = await usage.users_notices(ctx.conn, ctx.rt, ctx.incoming.channel, ctx.now)
    return [ctx.say("link.done", name=check.officer.full_name, unit=check.unit.name), *warnings]


# ---- the registration flow ----------------------------------------------------------------


async def cmd_start(ctx: Ctx, args: str) -> list[Outgoing]:
    code = args.strip()
    if code:
        if registration.is_link_code(code) and ctx.officer is None:
            linked = await accept_link_code(ctx, code)
            if linked and linked[0].text != ctx.t("link.bad_code"):
                return linked
        return await accept_code(ctx, code)
    if ctx.officer is None:
        ctx.enter(None)
        return [ctx.say("register.welcome")]
    unit = await registration.unit_of(ctx.conn, ctx.officer.unit_id)
    return [ctx.say("register.welcome_back", name=ctx.officer.full_name, unit=unit.name)]


async def flow_register(ctx: Ctx) -> list[Outgoing]:
    text = (ctx.incoming.choice or ctx.incoming.text or "").strip()
    step = ctx.state.get("step")
    if ctx.incoming.attachment is not None:
        return [ctx.say(f"register.ask_{step}")]
    if step == "confirm":
        answer = fold(text)
        unit = await registration.unit_of(ctx.conn, int(ctx.state["unit_id"]))
        if answer in {"1", "co", "dung", "yes", "y", "ok"}:
            ctx.state["step"] = "name"
            # The notice Decree 13/2023 asks for, before any personal data is taken.
            return [Outgoing(text=ctx.t("register.privacy") + "\n\n" + ctx.t("register.ask_name"))]
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
    profile = registration.Profile(ctx.state["full_name"], ctx.state["position"], phone)
    if not await usage.zalo_seat_free(ctx.conn, ctx.rt, ctx.incoming):  # filled while this one typed
        ctx.enter(None)
        return [_zalo_full(ctx)]
    done = await registration.register(
        ctx.conn, ctx.incoming, invite_id=int(ctx.state["invite_id"]), unit_id=int(ctx.state["unit_id"]),
        profile=profile, locale=ctx.lang, now=ctx.now,
    )
    ctx.enter(None)
    if done is None:
        return [ctx.say("register.code_used_up")]
    officer, unit = done
    ctx.officer = officer
    warnings = await usage.users_notices(ctx.conn, ctx.rt, ctx.incoming.channel, ctx.now)
    return [ctx.say("register.done", name=officer.full_name, unit=unit.name), *warnings]


# ---- profile, leave, link -----------------------------------------------------------------


async def cmd_profile(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.officer is None:
        return [ctx.say("common.not_registered")]
    unit, reachable_on = await registration.profile_of(ctx.conn, ctx.officer)
    channels = ", ".join(reachable_on)
    o = ctx.officer
    return [ctx.say("profile.show", name=o.full_name, position=o.position, phone=o.phone,
                    unit=unit.name, code=unit.code, channels=channels)]


async def cmd_leave(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.officer is None:
        return [ctx.say("common.not_registered")]
    unit = await registration.unit_of(ctx.conn, ctx.officer.unit_id)
    ctx.enter(Flow.LEAVE, {})
    options = (Option(ctx.t("register.answer_yes"), "1"), Option(ctx.t("register.answer_no"), "2"))
    listing = render.numbered(tuple(Option(f"{o.value}. {o.label}", o.value) for o in options))
    return [Outgoing(text=ctx.t("leave.confirm", unit=unit.name) + "\n" + listing, options=options)]


async def flow_leave(ctx: Ctx) -> list[Outgoing]:
    answer = fold((ctx.incoming.choice or ctx.incoming.text or "").strip())
    ctx.enter(None)
    if ctx.officer is None:
        return [ctx.say("common.not_registered")]
    if answer in {"1", "co", "dung", "yes", "y"}:
        await registration.leave(ctx.conn, ctx.officer, actor=ctx.actor, now=ctx.now)
        return [ctx.say("leave.done")]
    return [ctx.say("leave.kept")]


async def cmd_link(ctx: Ctx, args: str) -> list[Outgoing]:
    if ctx.officer is None:
        if args.strip():
            return await accept_link_code(ctx, args.strip())
        return [ctx.say("common.not_registered")]
    code = await registration.new_link_code(ctx.conn, ctx.officer, ctx.now)
    return [ctx.say("link.code", code=code, minutes=30)]


COMMANDS = [
    Command(("start", "batdau"), cmd_start, "any", "cmd.start"),
    Command(("profile", "hoso"), cmd_profile, "officer", "cmd.profile"),
    Command(("leave", "roi"), cmd_leave, "officer", "cmd.leave"),
    Command(("link", "lienket"), cmd_link, "officer", "cmd.link"),
]

FLOWS = {Flow.REGISTER: flow_register, Flow.LEAVE: flow_leave}
