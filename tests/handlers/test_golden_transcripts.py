"""Golden transcripts: stored conversations replayed through the real router.

Each ``tests/handlers/golden/*.txt`` file is a script and its expected output::

    ## a comment (kept when regenerating)
    ! user u2              talk as another console user (default u1)
    ! advance days=31      move the fake clock (any ``timedelta`` keywords)
    ! restart              close the runtime, open a new one on the same
                           database file with a new Router (a process restart)
    ! plan so-lieu.yaml    store one more plan, from ``golden/plans/``
    ! admin boss TN        make console user ``boss`` an admin of unit TN's subtree
    > /start {code:SNV}    what the user types (``>`` alone: an empty message;
                           ``{text:1501}``: 1,501 characters of prose)
    > [attach bien-ban.pdf]  a document sent as a file
    > [attach-broken]      a file the channel could not read (no id, no url)
    > [press 2]            a pressed button (Telegram callback value)
    > [sticker]            something the bot cannot read (sticker, voice …)
    the bot's replies, until the next ``>``, ``!`` or ``==`` line; after a
    reply's text, ``[buttons: label → value · …]`` and ``[nav: …]`` list the
    buttons a channel with buttons shows (the value is what a press sends back),
    ``[edits the pressed message]`` / ``[press refused]`` how a press is treated
    == state
    {JSON: officers, submissions with status and answers, sessions}

Every transcript starts on a fresh database seeded by ``conftest.seed``
(the Tây Ninh 2025 plan; units TN → SNV, STC, X-TANAN; one invite per unit)
at 09:00 on 2 May 2025. ``{code:UNIT}`` in input is that unit's invite code;
in the replies, invite codes are written back as ``{code:UNIT}`` and link
codes as ``{link}``.

Regenerate with ``DVBOT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/handlers/test_golden_transcripts.py``
and read the diff: a golden file is a claim that the bot's behaviour is right.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.core.clock import FakeClock
from bot.core.messages import Attachment, Channel, Incoming, Outgoing
from bot.core.settings import Settings
from bot.domain.plan.loader import load_plan
from bot.services.runtime import Runtime
from handlers.router import Router
from storage import plans as plan_store
from storage.schema import answers, identities, officers, sessions, submissions, units
from tests.conftest import seed
from tests.support.admin import make_admin
from tests.support.golden import Transcript, check_golden, check_round_trips, replay

GOLDEN = Path(__file__).parent / "golden"
_LINK = re.compile(r"\bL[A-HJ-NP-Z2-9]{7}\b")


def long_text(n: int) -> str:
    """Exactly ``n`` characters of Vietnamese prose, for length limits."""
    unit = "Đơn vị đã tổ chức tuyên truyền, vận động Nhân dân. "
    text = (unit * (n // len(unit) + 1))[:n]
    return text[:-1] + "." if text.endswith(" ") else text  # answers are stripped


class Player:
    """Replays one transcript against a real runtime on a file database."""

    def __init__(self, db: Path) -> None:
        self.settings = Settings(database_url=f"sqlite+aiosqlite:///{db}", _env_file=None)  # type: ignore[call-arg]
        self.clock = FakeClock(dt.datetime(2025, 5, 2, 2, 0, tzinfo=dt.UTC))
        self.user = "u1"
        self.codes: dict[str, str] = {}
        self.rt: Runtime | None = None
        self.router: Router | None = None
        self.update = 0

    async def open(self) -> None:
        self.rt = await Runtime.open(self.settings, self.clock)
        self.router = Router(self.rt)

    async def close(self) -> None:
        if self.rt is not None:
            await self.rt.close()
            self.rt = self.router = None

    async def directive(self, line: str) -> None:
        verb, _, arg = line[2:].strip().partition(" ")
        if verb == "user":
            self.user = arg.strip()
        elif verb == "advance":
            delta = {k: float(v) for k, v in (kv.split("=") for kv in arg.split())}
            self.clock.advance(**delta)
        elif verb == "restart":
            await self.close()
            await self.open()
        elif verb == "admin":
            assert self.rt is not None
            user, unit_code = arg.split()
            await make_admin(self.rt, user, unit_code)
        elif verb == "plan":
            assert self.rt is not None
            async with self.rt.begin() as conn:
                await plan_store.store_plan(conn, load_plan(GOLDEN / "plans" / arg.strip()), now=self.clock.now())
        else:
            raise ValueError(f"unknown directive {line!r}")

    def incoming(self, raw: str) -> Incoming:
        text = re.sub(r"\{code:([A-Z0-9-]+)\}", lambda m: self.codes[m.group(1)], raw)
        text = re.sub(r"\{text:(\d+)\}", lambda m: long_text(int(m.group(1))), text)
        base: dict[str, Any] = {"channel": Channel.CONSOLE, "chat_id": self.user, "user_id": self.user}
        self.update += 1
        base["update_key"] = f"golden-{self.update}"
        if m := re.fullmatch(r"\[attach (.+)\]", text):
            name = m.group(1)
            att = Attachment(kind="document", file_id=f"file-{name}", name=name, size=1234, mime="application/pdf")
            return Incoming(**base, attachment=att)
        if text == "[attach-broken]":
            return Incoming(**base, attachment=Attachment(kind="document", name="hong.pdf"))
        if m := re.fullmatch(r"\[press (.+)\]", text):
            return Incoming(**base, choice=m.group(1))
        if text == "[sticker]":
            return Incoming(**base, unsupported=True)
        return Incoming(**base, text=text)

    async def say(self, raw: str) -> str:
        assert self.router is not None
        replies = await self.router.handle(self.incoming(raw))
        return self.normalise("\n\n".join(_shown(o) for o in replies))

    def normalise(self, text: str) -> str:
        for unit, code in self.codes.items():
            text = text.replace(code, f"{{code:{unit}}}")
        return _LINK.sub("{link}", text)

    async def state(self) -> str:
        assert self.rt is not None
        async with self.rt.begin() as conn:
            unit_code = {r.id: r.code for r in await conn.execute(sa.select(units.c.id, units.c.code))}
            people = []
            for o in await conn.execute(sa.select(officers).order_by(officers.c.id)):
                ids = await conn.execute(
                    sa.select(identities.c.channel, identities.c.user_id)
                    .where(identities.c.officer_id == o.id).order_by(identities.c.id))
                people.append({
                    "unit": unit_code[o.unit_id], "name": o.full_name, "position": o.position,
                    "phone": o.phone, "locale": o.locale, "active": o.left_at is None,
                    "identities": [f"{i.channel}:{i.user_id}" for i in ids],
                })
            subs = []
            for s in await conn.execute(sa.select(submissions).order_by(submissions.c.id)):
                rows = await conn.execute(
                    sa.select(answers.c.question_id, answers.c.value)
                    .where(answers.c.submission_id == s.id).order_by(answers.c.id))
                subs.append({
                    "unit": unit_code[s.unit_id], "round": s.round_id, "status": s.status,
                    "answers": {r.question_id: r.value for r in rows},
                })
            talks = {}
            for r in await conn.execute(sa.select(sessions).order_by(sessions.c.user_id)):
                st = dict(r.state or {})
                st.pop("choices", None)  # the round list: plan data, not conversation state
                talks[f"{r.channel}:{r.user_id}"] = {"flow": r.flow, "state": st, "locale": r.locale}
        data = {"officers": people, "submissions": subs, "sessions": talks}
        return self.normalise(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))


def _shown(reply: Outgoing) -> str:
    """A reply as the golden records it: its text, then what a channel with
    buttons shows (label → pressed value, so a button answering the wrong
    question changes the golden) and how the pressed message is treated."""
    lines = [reply.text]
    if reply.options:
        lines.append("[buttons: " + " · ".join(f"{o.label} → {o.value}" for o in reply.options) + "]")
    if reply.footer:
        lines.append("[nav: " + " · ".join(f"{o.label} → {o.value}" for o in reply.footer) + "]")
    if reply.edit_previous:
        lines.append("[edits the pressed message]")
    if reply.press_refused:
        lines.append("[press refused]")
    return "\n".join(lines)


FILES = sorted(GOLDEN.glob("*.txt"))


async def play(script: Transcript, db: Path) -> tuple[list[str], str]:
    """Replay ``script`` on the console; return the mismatches and the final state."""
    player = Player(db)
    await player.open()
    try:
        assert player.rt is not None
        player.codes = await seed(player.rt)
        mismatches = await replay(script, player)
        return mismatches, await player.state()
    finally:
        await player.close()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_golden(path: Path, tmp_path: Path) -> None:
    check_golden(path, lambda script: play(script, tmp_path / "golden.sqlite3"))


def test_format_round_trips() -> None:
    """Parsing and rendering a golden file gives it back unchanged."""
    assert len(FILES) >= 8, f"golden transcripts missing from {GOLDEN}"
    check_round_trips(FILES)
