"""The authorization matrix (issue #11, "Authority at the act").

Every command of the registry (``handlers.commands.all_commands``) is tried
by every role, in a private chat and in a group; every flow of the registry
(``all_flows``) is either an officer's own conversation or an admin step
that is re-checked at the act, tried after the admin's scope was revoked
mid-flow (wholly, or narrowed to a sibling subtree). The expected outcome of
each pair is written below, so a new command or flow without a rule here
fails ``test_every_command_has_a_rule`` / ``test_every_flow_has_a_rule``.

The unit tree (``tests.conftest.UNITS``): TN → SNV (unit A), STC (unit B,
A's sibling), X-TANAN.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.core.messages import Channel, ChatKind, Incoming
from bot.services.runtime import Runtime
from handlers.commands import all_commands, all_flows
from handlers.flows.names import Flow
from handlers.router import Router
from locales import t
from storage import admins as admin_store
from storage import units as unit_store
from storage.schema import appraisals, audit_log, invites, plans, reminders, submissions
from tests.conftest import Chat, register
from tests.handlers.test_summary_golden import seed_small
from tests.support.admin import RecordingSender, make_admin

# ---- roles ----------------------------------------------------------------------

STRANGER, OFFICER_A, OFFICER_B = "stranger", "officer-a", "officer-b"
ADMIN_PARENT, ADMIN_SIBLING, ADMIN_REVOKED = "admin-parent", "admin-sibling", "admin-revoked"
PRIVATE_ROLES = (STRANGER, OFFICER_A, OFFICER_B, ADMIN_PARENT, ADMIN_SIBLING, ADMIN_REVOKED)
# in a group: a plain member, a group admin nobody registered, and two group
# admins who may bind the group to unit A (its officer; an admin over it)
MEMBER, GROUP_ADMIN, GROUP_ADMIN_OFFICER, GROUP_ADMIN_ADMIN = "member", "group-admin", "group-officer-a", "group-admin-parent"
GROUP_ROLES = (MEMBER, GROUP_ADMIN, GROUP_ADMIN_OFFICER, GROUP_ADMIN_ADMIN)
USER = {  # role → the console user id it speaks as
    STRANGER: "stranger", OFFICER_A: "officer-snv", OFFICER_B: "officer-stc", ADMIN_PARENT: "admin-tn",
    ADMIN_SIBLING: "admin-stc", ADMIN_REVOKED: "admin-gone",
    MEMBER: "member", GROUP_ADMIN: "group-admin", GROUP_ADMIN_OFFICER: "officer-snv", GROUP_ADMIN_ADMIN: "admin-tn",
}

OFFICERS = frozenset({OFFICER_A, OFFICER_B})
ANY_ADMIN = frozenset({ADMIN_PARENT, ADMIN_SIBLING})
OVER_A = frozenset({ADMIN_PARENT})  # the command names unit A: only an admin over it
EVERYONE = frozenset(PRIVATE_ROLES)


@dataclass(frozen=True)
class Rule:
    args: str  # what the command is tried with (unit A and a round where it takes them)
    allowed: frozenset[str]  # the private-chat roles it serves; every other role is refused
    before: str = ""  # sent first: a step of a report is tried inside one


IN_REPORT = "/baocao 6-thang"

# canonical name → its rule in a private chat. A new command fails
# test_every_command_has_a_rule until it is given one here.
PRIVATE: dict[str, Rule] = {
    "help": Rule("", EVERYONE),
    "cancel": Rule("", EVERYONE),
    "language": Rule("vi", EVERYONE),
    "start": Rule("", EVERYONE),  # without a code: asks for one
    "status": Rule("", OFFICERS),
    "profile": Rule("", OFFICERS),
    "leave": Rule("", OFFICERS),  # asks to confirm; /huy follows each try
    "link": Rule("", OFFICERS),
    "report": Rule("6-thang", OFFICERS),
    "continue": Rule("", OFFICERS),
    "review": Rule("", OFFICERS, IN_REPORT),
    "back": Rule("", OFFICERS, IN_REPORT),
    "skip": Rule("", OFFICERS, IN_REPORT),
    "edit": Rule("1", OFFICERS, IN_REPORT),
    "pause": Rule("", OFFICERS, IN_REPORT),
    "submit": Rule("", OFFICERS, IN_REPORT),
    "summary": Rule("6-thang SNV", OVER_A),
    "export": Rule("6-thang SNV", OVER_A),
    "admin": Rule("", ANY_ADMIN),
    "invite": Rule("SNV", OVER_A),
    "grant": Rule("console:someone SNV", OVER_A),
    "revoke": Rule("console:nobody SNV", OVER_A),
    "admins": Rule("", ANY_ADMIN),
    "open": Rule("SNV 6-thang", OVER_A),
    "accept": Rule("SNV 6-thang", OVER_A),
    "return": Rule("SNV 6-thang Bổ sung số liệu", OVER_A),
    "appraise": Rule("SNV tu-cham-diem", OVER_A),
    "broadcast": Rule("@SNV Họp giao ban", OVER_A),
    "remind": Rule("6-thang", ANY_ADMIN),  # each admin reminds the open units of their own scope
    "remind_text": Rule("6-thang", ANY_ADMIN),
    "word_report": Rule("6-thang", OFFICERS),  # the officer's own unit's draft
    "word_summary": Rule("6-thang SNV", OVER_A),
    "evidence": Rule("MC-000000000000", ANY_ADMIN),
    "import_plan": Rule("", ANY_ADMIN),  # pasting a plan's text or sending its file; stored only at the confirmation, re-checked there
    "done": Rule("", ANY_ADMIN),  # ends the pasting (an admin with none begun is told so)
    "web": Rule("", ANY_ADMIN),  # a one-time link to the web page; its pages re-check the scope at each request  # no such file: "not found", the scope is checked on a real one
}

# canonical name → the group roles it serves in a group chat (private-only
# commands answer every role with a pointer to the private chat).
GROUP: dict[str, frozenset[str]] = {
    "start": frozenset(),  # the report and registration commands: a pointer to the private chat
    "help": frozenset(GROUP_ROLES),
    "link": frozenset({GROUP_ADMIN_OFFICER, GROUP_ADMIN_ADMIN}),  # a group admin entitled to unit A
    "status": frozenset(GROUP_ROLES),  # the bound unit's progress, for the group to read
    "unlink": frozenset({GROUP_ADMIN, GROUP_ADMIN_OFFICER, GROUP_ADMIN_ADMIN}),  # the group's own admins
}
GROUP_ARGS = {"link": "SNV"}

# What a refused try is answered with. ``report.not_in_report``: a step of a
# report (/nop, /quaylai …) with no report open, which only an officer can have.
REFUSALS = ("admin.not_admin", "admin.out_of_scope", "admin.revoked", "reminders.command.not_admin",
            "common.not_registered", "common.private_only", "groups.not_admin", "groups.not_allowed",
            "groups.private_only", "report.not_in_report")


def _refusal_patterns() -> list[re.Pattern[str]]:
    out = []
    for key in REFUSALS:
        for lang in ("vi", "en"):
            text = t(key, lang, code="\0", unit="\0", link="\0")
            out.append(re.compile(".*".join(re.escape(part) for part in text.split("\0")), re.S))
    return out


PATTERNS = _refusal_patterns()


def refused(reply: str) -> bool:
    return any(p.search(reply) for p in PATTERNS)


# ---- the world ------------------------------------------------------------------


async def _grant(rt: Runtime, user: str, code: str) -> None:
    await make_admin(rt, user, code)


async def _revoke(rt: Runtime, user: str) -> None:
    async with rt.begin() as conn:
        await admin_store.remove_admin(conn, "console", user)


async def _world(rt: Runtime, codes: dict[str, str], sender: RecordingSender | None = None) -> Router:
    router = Router(rt, {Channel.CONSOLE: sender or RecordingSender()})
    await register(Chat(router, USER[OFFICER_A]), codes["SNV"])
    await register(Chat(router, USER[OFFICER_B]), codes["STC"], name="Trần Thị Bình")
    await seed_small(rt)
    await _grant(rt, USER[ADMIN_PARENT], "TN")
    await _grant(rt, USER[ADMIN_SIBLING], "STC")
    await _grant(rt, USER[ADMIN_REVOKED], "TN")
    await _revoke(rt, USER[ADMIN_REVOKED])
    return router


def _canonical() -> dict[str, list[str]]:
    """Every command name the registry declares, by the command's scope."""
    out: dict[str, list[str]] = {"private": [], "group": []}
    for cmd in all_commands():
        out["group" if cmd.scope == "group" else "private"].append(cmd.names[0])
    return out


# ---- the registry is covered ------------------------------------------------------


def test_every_command_has_a_rule() -> None:
    names = _canonical()
    assert sorted(set(names["private"]) - set(PRIVATE)) == [], "give each new command a rule in PRIVATE"
    assert sorted(set(PRIVATE) - set(names["private"])) == [], "a rule for a command that is gone"
    open_in_groups = {c.names[0] for c in all_commands() if c.scope != "group" and not c.private_only}
    assert sorted((set(names["group"]) | open_in_groups) - set(GROUP)) == [], "give each new group command a rule in GROUP"


# ---- private chats: every command × every role ------------------------------------


async def test_private_matrix(rt: Runtime, codes: dict[str, str]) -> None:
    router = await _world(rt, codes)
    chats = {role: Chat(router, USER[role]) for role in PRIVATE_ROLES}
    wrong: list[str] = []
    for cmd in all_commands():
        if cmd.scope == "group":
            continue
        rule = PRIVATE[cmd.names[0]]
        for role in PRIVATE_ROLES:
            if rule.before:
                await chats[role].say(rule.before)
            reply = await chats[role].say(f"/{cmd.names[-1]} {rule.args}".strip())
            await chats[role].say("/huy")
            expected = role in rule.allowed
            if refused(reply) == expected:
                wrong.append(f"/{cmd.names[0]} as {role}: {'refused' if expected else 'allowed'}: {reply[:120]!r}")
    assert wrong == [], "\n".join(wrong)


# ---- group chats ---------------------------------------------------------------------


async def _in_group(router: Router, role: str, text: str) -> str:
    msg = Incoming(Channel.CONSOLE, "group-1", USER[role], chat_kind=ChatKind.GROUP, text=text,
                   is_chat_admin=role != MEMBER)
    return "\n\n".join(o.text for o in await router.handle(msg))


async def test_group_matrix(rt: Runtime, codes: dict[str, str]) -> None:
    router = await _world(rt, codes)
    group_names = {n for c in all_commands() if c.scope == "group" for n in c.names}
    wrong: list[str] = []
    for cmd in all_commands():
        name = cmd.names[0]
        if cmd.scope != "group" and name in group_names:
            continue  # in a group the name is the group command's, tried as that
        works_here = cmd.scope == "group" or not cmd.private_only
        allowed = GROUP[name] if works_here else frozenset()  # else: a pointer to the private chat
        for role in GROUP_ROLES:
            reply = await _in_group(router, role, f"/{name} {GROUP_ARGS.get(name, '')}".strip())
            if name == "unlink":  # bound again, so the next role has something to unlink
                await _in_group(router, GROUP_ADMIN_ADMIN, "/link SNV")
            if not reply or refused(reply) == (role in allowed):
                wrong.append(f"/{name} in a group as {role}: {reply[:120]!r}")
    assert wrong == [], "\n".join(wrong)


# ---- a step begun, the scope revoked, then confirmed ----------------------------------

Revoke = Callable[[Runtime, str], Awaitable[None]]
_SEED = Path(__file__).resolve().parents[1] / "data" / "seeds" / "ke-hoach-xa-tu-xuyen-2024.txt"


def _pasted(text: str, size: int = 5000) -> tuple[str, ...]:
    """A plan's text as an admin pastes it: messages of whole paragraphs."""
    out = [""]
    for paragraph in text.split("\n\n"):
        if len(out[-1]) + len(paragraph) > size:
            out.append("")
        out[-1] += paragraph + "\n\n"
    return tuple(out)


_PLAN_TEXT = _pasted(_SEED.read_text(encoding="utf-8"))


async def _revoke_all(rt: Runtime, user: str) -> None:
    await _revoke(rt, user)


async def _narrow_to_sibling(rt: Runtime, user: str) -> None:
    await _revoke(rt, user)
    await _grant(rt, user, "STC")


async def _count(rt: Runtime, query: sa.Select[tuple[int]]) -> int:
    async with rt.begin() as conn:
        return int((await conn.execute(query)).scalar_one())


def _n(table: sa.Table, *where: sa.ColumnElement[bool]) -> sa.Select[tuple[int]]:
    return sa.select(sa.func.count()).select_from(table).where(*where)


async def _snv_status(rt: Runtime, round_id: str) -> str:
    async with rt.begin() as conn:
        unit = await unit_store.find_unit(conn, "SNV")
        assert unit is not None
        return str((await conn.execute(sa.select(submissions.c.status).where(
            submissions.c.unit_id == unit.id, submissions.c.round_id == round_id))).scalar_one())


@dataclass(frozen=True)
class Step:
    """A flow an admin begins with ``start`` and carries out with ``act``;
    ``effect`` reads what the act would change (it must not change)."""

    start: tuple[str, ...]
    act: str
    effect: Callable[[Runtime], Awaitable[object]]


def _effects() -> dict[str, Step]:
    async def queued(rt: Runtime) -> object:
        return await _count(rt, _n(reminders))

    async def broadcasts(rt: Runtime) -> object:
        return await _count(rt, _n(audit_log, audit_log.c.action == "broadcast"))

    async def status_6(rt: Runtime) -> object:
        return await _snv_status(rt, "6-thang")

    async def marks(rt: Runtime) -> object:
        return await _count(rt, _n(appraisals))

    async def codes(rt: Runtime) -> object:
        return await _count(rt, _n(invites))

    async def stored_plans(rt: Runtime) -> object:
        return await _count(rt, _n(plans))

    async def picked(rt: Runtime) -> object:
        return None  # read-only: the refusal itself is the check

    return {
        "remind": Step(("/nhac ca-nam",), "1", queued),
        "broadcast": Step(("/thongbao Họp giao ban",), "1", broadcasts),
        "accept": Step(("/xemdonvi SNV 6-thang",), "1", status_6),
        "return": Step(("/xemdonvi SNV 6-thang", "2"), "Bổ sung số liệu", status_6),
        "appraise": Step(("/thamdinh SNV tu-cham-diem",), "4", marks),
        "invite": Step(("/moi SNV",), "1", codes),
        "summary": Step(("/tongket",), "1", picked),
        "import_plan": Step(("/nhapkehoach", *_PLAN_TEXT, "/xong"), "1", stored_plans),
    }


STEPS = _effects()
# flow → the steps that exercise its confirmation (admin flows), or why it needs none
ADMIN_FLOWS = {
    Flow.REMIND_CONFIRM: ("remind",),
    Flow.ADMIN_BROADCAST: ("broadcast",),
    Flow.ADMIN_REVIEW: ("accept", "return"),
    Flow.ADMIN_APPRAISE: ("appraise",),
    Flow.ADMIN_INVITE: ("invite",),
    Flow.ADMIN_PICK: ("summary",),
    Flow.PLAN_IMPORT_CONFIRM: ("import_plan",),
}
REREAD_FLOWS = {  # acts on nothing; leads to a step above with the scope read anew
    Flow.REMIND_PICK, Flow.REMIND_TEXT_PICK, Flow.PLAN_IMPORT,
}
OFFICER_FLOWS = {  # a person's own registration and report: no admin authority involved
    Flow.IDLE, Flow.REGISTER, Flow.LEAVE, Flow.REPORT, Flow.CHOOSE_ROUND,
}


def test_every_flow_has_a_rule() -> None:
    ruled = set(ADMIN_FLOWS) | REREAD_FLOWS | OFFICER_FLOWS
    assert sorted(set(all_flows()) - ruled) == [], "say how each new flow is authorised"


# Every step with its scope revoked wholly; and narrowed to the sibling subtree,
# except the round picked for /tongket, which reads whatever scope is left.
REVOCATIONS = [pytest.param(name, _revoke_all, id=f"{name}-revoked") for name in sorted(STEPS)] + [
    pytest.param(name, _narrow_to_sibling, id=f"{name}-narrowed") for name in sorted(STEPS) if name != "summary"]


@pytest.mark.parametrize(("name", "revoke"), REVOCATIONS)
async def test_revoked_mid_flow_is_refused_at_the_act(
    rt: Runtime, codes: dict[str, str], name: str, revoke: Revoke
) -> None:
    sender = RecordingSender()
    router = await _world(rt, codes, sender)
    admin = Chat(router, USER[ADMIN_PARENT])
    step = STEPS[name]
    for line in step.start:
        started = await admin.say(line)
        assert not refused(started), started
    before, pushed = await step.effect(rt), len(sender.sent)
    await revoke(rt, USER[ADMIN_PARENT])
    reply = await admin.say(step.act)
    assert "quyền quản trị đã bị thu hồi" in reply
    assert await step.effect(rt) == before and len(sender.sent) == pushed
    # the flow is over: the next message is not taken as a confirmation
    assert "quyền quản trị đã bị thu hồi" not in await admin.say(step.act)


@pytest.mark.parametrize("name", sorted(STEPS))
async def test_the_same_steps_act_while_the_scope_holds(rt: Runtime, codes: dict[str, str], name: str) -> None:
    """The control: unrevoked, each step above does change what its check reads."""
    router = await _world(rt, codes)
    admin = Chat(router, USER[ADMIN_PARENT])
    step = STEPS[name]
    for line in step.start:
        await admin.say(line)
    before = await step.effect(rt)
    reply = await admin.say(step.act)
    assert not refused(reply), reply
    if name != "summary":
        assert await step.effect(rt) != before, reply
