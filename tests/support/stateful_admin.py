"""The admin side of the stateful fuzz (tests/handlers/test_stateful_fuzz.py):
broadcasts (/thongbao), appraisal (/thamdinh on the scoring round), invites
(/moi), group binding (/lienket in a group) and Sở Nội vụ's admin revoked
by the province's admin *with a chat command* (/thuhoiquyen) in the middle
of a flow they had begun, then granted again (/capquyen).

Invariants checked at each rule:

* a broadcast reaches only officers of units in the sender's scope;
* invite codes are made only for a unit in the sender's scope, and only when
  the reply shows them;
* a group is bound only for the officer's own unit (or one an admin
  administers), and a bound group's /tiendo shows nothing of another unit;
* a revoked admin's pending confirmation (broadcast, invite, accept, return,
  the next appraisal criterion) answers "quyền quản trị đã bị thu hồi" and
  changes nothing: answers, statuses, scores, invites, audit log, pushes.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from bot.core.messages import ChatKind, Incoming
from locales import t
from storage.schema import appraisals, audit_log, group_bindings, invites
from tests.support.stateful import BOSS, OFFICERS, SNV_ADMIN

UNITS = sorted({unit for unit, *_ in OFFICERS.values()})
REVOKED = "quyền quản trị đã bị thu hồi"
INVITE_TITLE = t("admin.invite.title", unit="\x00", code="\x00", date="\x00").split("\x00")[0]
LINKED = t("groups.linked", unit="\x00", code="\x00").split("\x00")[0]
NOT_ALLOWED = t("groups.not_allowed", unit="\x00").split("\x00")[0]
GRANTED = t("admin.grant.done", unit="\x00", code="\x00", user="\x00").split("\x00")[0]
REVOKED_DONE = t("admin.revoke.done", code="\x00", user="\x00").split("\x00")[0]
BROADCAST_DONE = (t("admin.broadcast.sent", officers="\x00").split("\x00")[0],  # sent_partly begins the same
                  t("admin.broadcast.sent_none", officers="\x00").split("\x00")[0])
# What Sở Nội vụ's admin may begin and then be asked to confirm (the confirming answer after it).
FLOWS = {
    "broadcast": ("/thongbao Họp giao ban quý I", "1"),
    "invite": ("/moi SNV", "1"),
    "accept": ("/duyet SNV quy-1", "1"),
    "return": ("/tralai SNV quy-1 câu 2: Bổ sung số liệu", "1"),
    "appraise": ("/thamdinh SNV cham-diem", "5"),
}


class AdminRules:
    """Rules mixed into the fuzz machine (it provides say, run, rt, chats, sender …)."""

    rt: Any
    sender: Any
    snv_admin: bool
    moves: dict[str, int]  # audit action → acts seen done (the machine's audit invariant)

    # ---- reading ---------------------------------------------------------------

    async def counts(self) -> tuple[int, int, int, int]:
        """(invites, appraisal rows, group bindings, audit entries)."""
        async with self.rt.begin() as conn:
            out = []
            for table in (invites, appraisals, group_bindings, audit_log):
                out.append(int((await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar_one()))
            return out[0], out[1], out[2], out[3]

    def snapshot(self) -> tuple[Any, ...]:
        return (self.run(self.answers()), self.run(self.status_of()), self.run(self.counts()),  # type: ignore[attr-defined]
                len(self.sender.sent))

    def scope_of(self, user: str) -> set[str]:
        if user == BOSS:
            return set(UNITS)
        return {"SNV"} if self.snv_admin else set()

    def pending(self, user: str) -> bool:
        """The last reply asks to confirm (numbered options) or for a criterion's points."""
        last = self.chats[user].last  # type: ignore[attr-defined]
        return any(o.options for o in last) or any(t("admin.appraise.hint") in o.text for o in last)

    # ---- rules -----------------------------------------------------------------

    @rule(user=st.sampled_from([BOSS, SNV_ADMIN]), to=st.sampled_from([None, *UNITS]),
          confirm=st.sampled_from(["1", "2"]), n=st.integers(0, 99))
    def admin_broadcasts(self, user: str, to: str | None, confirm: str, n: int) -> None:
        before = len(self.sender.sent)
        at = f"@{to} " if to else ""
        reply = self.say(user, f"/thongbao {at}Họp giao ban số {n}")  # type: ignore[attr-defined]
        if self.pending(user):
            reply = self.say(user, confirm)  # type: ignore[attr-defined]
        if reply.startswith(BROADCAST_DONE):
            self.moves["broadcast"] += 1
        allowed = {o for o, (unit, *_) in OFFICERS.items() if unit in self.scope_of(user)}
        if to is not None:
            allowed = {o for o in allowed if OFFICERS[o][0] == to}
        reached = {chat for chat, _ in self.sender.sent[before:]}
        assert reached <= allowed, f"{user}'s broadcast reached {reached - allowed}"

    @rule(user=st.sampled_from([BOSS, SNV_ADMIN]), unit=st.sampled_from(UNITS), confirm=st.sampled_from(["1", "2"]))
    def admin_invites(self, user: str, unit: str, confirm: str) -> None:
        made = self.run(self.counts())[0]  # type: ignore[attr-defined]
        reply = self.say(user, f"/moi {unit} 2")  # type: ignore[attr-defined]
        if self.pending(user):
            reply = self.say(user, confirm)  # type: ignore[attr-defined]
        now = self.run(self.counts())[0]  # type: ignore[attr-defined]
        if unit not in self.scope_of(user):
            assert now == made and INVITE_TITLE not in reply, f"{user} made invites for {unit}: {reply[:300]}"
        assert (now > made) == (INVITE_TITLE in reply), (made, now, reply[:300])
        self.moves["invite"] += now > made

    @rule(user=st.sampled_from([BOSS, SNV_ADMIN]), unit=st.sampled_from(UNITS),
          points=st.sampled_from(["5", "7,5", "=", "-", "99", "abc", "/huy"]))
    def admin_appraises(self, user: str, unit: str, points: str) -> None:
        self.say(user, f"/thamdinh {unit} cham-diem")  # type: ignore[attr-defined]
        if self.pending(user):
            self.say(user, points)  # type: ignore[attr-defined]

    @rule(user=st.sampled_from(sorted(OFFICERS)), unit=st.sampled_from(UNITS), chat_admin=st.booleans())
    def officer_binds_a_group(self, user: str, unit: str, chat_admin: bool) -> None:
        group = f"group-{user}"
        bound = self.run(self.counts())[2]  # type: ignore[attr-defined]
        reply = self.group(user, group, f"/lienket {unit}", chat_admin)
        if not chat_admin:
            assert reply == t("groups.not_admin"), reply
        elif unit == OFFICERS[user][0]:
            assert reply.startswith(LINKED), reply
            self.moves["group.bind"] += 1
        else:  # another unit's group: refused, nothing bound
            assert reply.startswith(NOT_ALLOWED) and self.run(self.counts())[2] == bound, reply  # type: ignore[attr-defined]
        status = self.group(user, group, "/tiendo", chat_admin)
        self.check_leaks(user, status)  # type: ignore[attr-defined]

    def group(self, user: str, group: str, text: str, chat_admin: bool) -> str:
        incoming = Incoming(self.chats[user].channel, group, user, chat_kind=ChatKind.GROUP, text=text,  # type: ignore[attr-defined]
                            is_chat_admin=chat_admin, chat_title=f"Nhóm {user}")
        replies = self.run(self.router.handle(incoming))  # type: ignore[attr-defined]
        return "\n\n".join(o.text for o in replies)

    @precondition(lambda self: self.snv_admin)
    @rule(flow=st.sampled_from(sorted(FLOWS)), grant_again=st.booleans())
    def snv_admin_revoked_mid_flow(self, flow: str, grant_again: bool) -> None:
        """Sở Nội vụ's admin begins a flow; the province's admin revokes them by
        chat command; their confirmation is refused and acts on nothing."""
        begin, confirm = FLOWS[flow]
        self.say(SNV_ADMIN, begin)  # type: ignore[attr-defined]
        waiting = self.pending(SNV_ADMIN)
        self.revoke_snv_admin()
        if waiting:
            before = self.snapshot()
            reply = self.say(SNV_ADMIN, confirm)  # type: ignore[attr-defined]
            assert REVOKED in reply, f"{flow}: a revoked admin's confirmation was not refused: {reply[:300]}"
            assert self.snapshot() == before, f"{flow}: a revoked admin's confirmation acted"
        if grant_again:
            self.grant_snv_admin()

    def revoke_snv_admin(self) -> None:
        assert REVOKED_DONE in self.say(BOSS, f"/thuhoiquyen console:{SNV_ADMIN} SNV")  # type: ignore[attr-defined]
        self.snv_admin = False
        self.moves["admin_remove"] += 1

    def grant_snv_admin(self) -> None:
        assert GRANTED in self.say(BOSS, f"/capquyen console:{SNV_ADMIN} SNV Quản trị SNV")  # type: ignore[attr-defined]
        self.snv_admin = True
        self.moves["admin_add"] += 1
