"""Stateful fuzzing (issue #11): random interleavings of three officers of
three units and two admins (one over the province, one over Sở Nội vụ only)
through the real router on the console channel, with hypothesis's
``RuleBasedStateMachine`` (the world: tests/support/stateful.py).

Officers send answers of every type (choices by number and by name, counts,
percents, decimals, dates, free text carrying a token secret to their unit),
hostile inputs (tests/support/hostile.py), navigation and report commands,
fill their report in and submit it (confirmed or not), press buttons offered
just now and long ago; updates are replayed; admins read progress, open
units, summarise, export, accept and return reports (confirmed or not);
Sở Nội vụ's admin is revoked and granted again by the province's admin's
chat commands (/thuhoiquyen, /capquyen), also in the middle of a flow they had
begun; admins broadcast, appraise the scoring round and make invites;
officers bind groups (tests/support/stateful_admin.py); time passes.

After every step:

* nothing raises, every message gets an answer, and no reply is the generic
  or the unexpected error;
* the stored answers change only as the replies say: a unit's answers change
  only when its own officer is told "✅ Đã lưu" or given a receipt, never
  through another officer's or an admin's step, and a replayed update
  changes nothing at all (answers and audit log);
* no reply, nor any message the router pushes to another chat, reveals
  another unit's data: an officer never sees another unit's token, officer's
  name or phone; Sở Nội vụ's admin never sees another unit's, nor Sở Nội vụ's
  own once revoked;
* the audit log matches what was done: one 'submit', 'return' or 'accept'
  entry for each such change of a submission's status, one 'submit' for
  each receipt an officer was given, and one 'broadcast', 'invite',
  'group.bind', 'admin_add' or 'admin_remove' for each such act whose reply
  said it was done — and none for an act refused or cancelled;
* a revoked admin's pending confirmation is refused with "quyền quản trị đã
  bị thu hồi" and acts on nothing; broadcasts, invites and group bindings
  stay within the sender's scope (the checks in tests/support/stateful_admin.py).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from bot.core.clock import FakeClock
from bot.core.messages import Channel, Outgoing
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell.channels import install as install_channels
from handlers.router import Router
from storage import units as unit_store
from storage.schema import answers, audit_log, submissions
from tests.conftest import START, Chat
from tests.support.admin import RecordingSender
from tests.support.stateful import (
    ADMIN_STEPS,
    ANSWERS,
    ASKED,
    BOSS,
    ERRORS,
    HOSTILE,
    OFFICERS,
    RECEIPT,
    SNV_ADMIN,
    STEPS,
    VALID,
    settings_for,
    template,
)
from tests.support.stateful_admin import AdminRules


class Fuzz(AdminRules, RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        install_channels(Settings(_env_file=None))  # type: ignore[call-arg]  # what the composition root does
        self.loop = asyncio.new_event_loop()
        self.dir = Path(tempfile.mkdtemp(prefix="dvbot-fuzz-run-"))
        shutil.copy(template(), self.dir / "db.sqlite3")
        self.clock = FakeClock(START)
        self.rt = self.run(Runtime.open(settings_for(self.dir / "db.sqlite3"), self.clock, migrate_db=False))
        self.sender = RecordingSender()  # what the router pushes to other chats (a return's notice …)
        self.pushed = 0
        self.router = Router(self.rt, {Channel.CONSOLE: self.sender})  # type: ignore[dict-item]
        self.chats = {user: Chat(self.router, user) for user in (*OFFICERS, BOSS, SNV_ADMIN)}
        self.sent: list[tuple[str, str, str]] = []  # (user, text, update key): what may be replayed
        self.buttons: dict[str, list[str]] = {user: [] for user in self.chats}  # every button value offered
        self.snv_admin = True
        self.receipts: set[str] = set()  # every receipt an officer was given (shown again: the same one)
        # the template's self-scores were submitted before the run: /tiendo shows their receipts, not new ones
        self.receipts_before: set[str] = self.run(self.receipts_issued())
        self.audits = self.run(self.audit_counts())
        self.stored = self.run(self.answers())
        self.statuses = self.run(self.status_of())
        # What was seen done, by audit action: status changes, and the admin acts
        # whose replies say they happened (tests/support/stateful_admin.py).
        self.moves: dict[str, int] = dict.fromkeys(
            ("submit", "return", "accept", "broadcast", "invite", "group.bind", "admin_add", "admin_remove"), 0)

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    def teardown(self) -> None:
        self.run(self.rt.close())
        self.loop.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ---- reading the database ------------------------------------------------------

    async def answers(self) -> dict[str, dict[tuple[int, str], object]]:
        """unit code → (submission, question) → stored value."""
        async with self.rt.begin() as conn:
            units = {u.id: u.code for u in await unit_store.list_units(conn)}
            rows = await conn.execute(sa.select(submissions.c.unit_id, answers.c.submission_id, answers.c.question_id,
                                                answers.c.value).join(answers, answers.c.submission_id == submissions.c.id))
            out: dict[str, dict[tuple[int, str], object]] = {code: {} for code in units.values()}
            for r in rows:
                out[units[r.unit_id]][(r.submission_id, r.question_id)] = r.value
            return out

    async def status_of(self) -> dict[int, str]:
        async with self.rt.begin() as conn:
            return {r.id: r.status for r in await conn.execute(sa.select(submissions.c.id, submissions.c.status))}

    async def receipts_issued(self) -> set[str]:
        """The receipt of every submission already submitted (bot.domain.receipts)."""
        from bot.domain.receipts import receipt_of
        from storage import submissions as sub_store

        ids = list(await self.status_of())
        async with self.rt.begin() as conn:
            subs = [await sub_store.get_submission(conn, sid) for sid in ids]
        return {r for sub in subs if sub is not None and (r := receipt_of(START.year, sub)) is not None}

    async def audit_counts(self) -> dict[str, int]:
        async with self.rt.begin() as conn:
            rows = await conn.execute(sa.select(audit_log.c.action, sa.func.count()).group_by(audit_log.c.action))
            return {r[0]: r[1] for r in rows}

    # ---- acting --------------------------------------------------------------------

    def say(self, user: str, text: str, key: str | None = None) -> str:
        key = key or uuid.uuid4().hex
        self.sent.append((user, text, key))
        reply = self.run(self.chats[user].say(text, key=key))
        self.after(user, self.chats[user].last, reply)
        return reply

    def press(self, user: str, value: str) -> str:
        reply = self.run(self.chats[user].press(value))
        self.after(user, self.chats[user].last, reply)
        return reply

    def after(self, user: str, replies: list[Outgoing], reply: str) -> None:
        assert not any(e in reply for e in ERRORS), f"{user}: {reply[:300]}"
        assert reply.strip(), f"{user} got no answer"
        for o in replies:
            self.buttons[user] += [opt.value for opt in (*o.options, *o.footer)]
        self.check_leaks(user, reply)
        for chat_id, pushed in self.sender.sent[self.pushed:]:
            if chat_id in self.chats:
                self.check_leaks(chat_id, pushed.text)
        self.pushed = len(self.sender.sent)
        self.check_answers(user, reply)

    def check_leaks(self, user: str, reply: str) -> None:
        if user == BOSS:
            return  # the province's admin may read every unit
        mine = OFFICERS[user][0] if user in OFFICERS else ("SNV" if self.snv_admin else None)
        for other, (unit, name, phone, token) in OFFICERS.items():
            if unit == mine:
                continue
            for secret in (name, phone, token):
                assert secret not in reply, f"{user} was shown {other}'s {secret!r}: {reply[:400]}"

    def check_answers(self, user: str, reply: str) -> None:
        now = self.run(self.answers())
        own = OFFICERS[user][0] if user in OFFICERS else None
        told = "Đã lưu" in reply or bool(RECEIPT.search(reply))
        for unit, values in now.items():
            if unit == own and told:
                continue
            assert values == self.stored.get(unit, {}), f"{unit}'s answers changed on {user}'s step: {reply[:300]}"
        self.stored = now
        if own is not None:
            self.receipts |= set(RECEIPT.findall(reply))
        statuses = self.run(self.status_of())
        for sub, status in statuses.items():
            was = self.statuses.get(sub)
            if status != was and status in ("submitted", "returned", "accepted"):
                self.moves[{"submitted": "submit", "returned": "return", "accepted": "accept"}[status]] += 1
        self.statuses = statuses

    # ---- rules ---------------------------------------------------------------------

    @rule(user=st.sampled_from(sorted(OFFICERS)), text=st.sampled_from(ANSWERS))
    def officer_answers(self, user: str, text: str) -> None:
        self.say(user, text)

    @rule(user=st.sampled_from(sorted(OFFICERS)), text=st.sampled_from(STEPS))
    def officer_navigates(self, user: str, text: str) -> None:
        self.say(user, text)

    @rule(user=st.sampled_from(sorted(OFFICERS)), n=st.integers(0, 9))
    def officer_writes(self, user: str, n: int) -> None:
        """Free text carrying the unit's token (stored at a text question, refused elsewhere)."""
        self.say(user, f"Ghi chú {OFFICERS[user][3]} số {n}")

    @rule(user=st.sampled_from(sorted(OFFICERS)), text=st.sampled_from(HOSTILE))
    def officer_types_garbage(self, user: str, text: str) -> None:
        self.say(user, text)

    @rule(user=st.sampled_from(sorted(OFFICERS)))
    def officer_submits(self, user: str) -> None:
        self.say(user, "/nop")
        self.say(user, "1")

    @rule(user=st.sampled_from(sorted(OFFICERS)), submit=st.booleans())
    def officer_fills_in(self, user: str, submit: bool) -> None:
        """Answer what is asked, well, until nothing is (then maybe submit)."""
        reply = self.say(user, "/tieptuc")
        for _ in range(len(VALID) + 1):
            asked = ASKED.findall(reply)
            if not asked:
                break
            answer = VALID[int(asked[-1])]
            reply = self.say(user, answer.format(token=OFFICERS[user][3]))
        if submit:
            self.say(user, "/nop")
            self.say(user, "1")

    @rule(user=st.sampled_from(sorted(OFFICERS)), newest=st.booleans(), data=st.data())
    def presses_a_button(self, user: str, newest: bool, data: st.DataObject) -> None:
        offered = self.buttons[user]
        if offered:
            value = offered[-1] if newest else data.draw(st.sampled_from(offered))
            self.press(user, value)

    @precondition(lambda self: bool(self.sent))
    @rule(data=st.data())
    def replays_an_update(self, data: st.DataObject) -> None:
        user, text, key = data.draw(st.sampled_from(self.sent))
        before = self.stored, self.run(self.audit_counts())
        reply = self.run(self.chats[user].say(text, key=key))
        assert not any(e in reply for e in ERRORS), f"{user}: {reply[:300]}"
        self.check_leaks(user, reply)
        assert (self.run(self.answers()), self.run(self.audit_counts())) == before, f"replaying {text!r} acted again"

    @rule(user=st.sampled_from([BOSS, SNV_ADMIN]), unit=st.sampled_from([u for u, *_ in OFFICERS.values()]),
          accept=st.booleans(), confirm=st.sampled_from(["1", "2", "/huy"]))
    def admin_reviews(self, user: str, unit: str, accept: bool, confirm: str) -> None:
        """Accept or return a unit's report (with its confirmation, or not)."""
        self.say(user, f"/duyet {unit} quy-1" if accept else f"/tralai {unit} quy-1 câu 2: Bổ sung số liệu")
        self.say(user, confirm)

    @rule(user=st.sampled_from([BOSS, SNV_ADMIN]), text=st.sampled_from(ADMIN_STEPS))
    def admin_says(self, user: str, text: str) -> None:
        self.say(user, text)

    @rule()
    def revoke_or_grant_snv_admin(self) -> None:
        """The province's admin revokes or grants Sở Nội vụ's admin, by chat command."""
        if self.snv_admin:
            self.revoke_snv_admin()
        else:
            self.grant_snv_admin()

    @rule(minutes=st.integers(1, 60 * 24))
    def time_passes(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes)

    # ---- invariants ----------------------------------------------------------------

    @invariant()
    def audit_matches_what_was_done(self) -> None:
        counts = self.run(self.audit_counts())
        done = {action: counts.get(action, 0) - self.audits.get(action, 0) for action in self.moves}
        assert done == self.moves, (done, self.moves)
        assert done["submit"] == len(self.receipts - self.receipts_before), (done, self.receipts, self.receipts_before)


# A few seconds in ``make test``; ``make bench`` runs 200 (benchmarks/bench_stateful.py), DVBOT_STATEFUL_EXAMPLES more.
Fuzz.TestCase.settings = settings(
    max_examples=int(os.environ.get("DVBOT_STATEFUL_EXAMPLES", "8")), stateful_step_count=30, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_random_interleavings_of_officers_and_admins = Fuzz.TestCase
