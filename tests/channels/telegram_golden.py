"""Telegram golden transcripts: the console golden format (``tests/support/golden.py``,
described in ``tests/handlers/test_golden_transcripts.py``) played by people in
Telegram, through the real python-telegram-bot client polling the fake Bot API,
the real router and a file database seeded as the console goldens are.

Input lines, besides the console's ``## comment``, ``! advance``, ``! plan``::

    > /baocao                 what the person types
    > [press Đúng]            press a button of the newest message with buttons:
                              the button labelled so, or the one label starting so
    > [press #5 3. Chưa]      press a button of bot message #5 (an old keyboard)
    > [press #-2 3. Chưa]     … of the second newest message with buttons (a
                              reference that survives messages added earlier)
    ! user Bình               talk as another Telegram user (the first is An)
    ! admin TN                the current user administers unit TN

Every message the bot sends, in any chat, is numbered in order: ``[#5]`` (or
``[#5 → Bình]`` in someone else's chat), its text, then one
``[buttons: label → callback data · …]`` line per keyboard row. An edit is
``[#5 edited: …]``: ``text + "…"`` when text was added to the end (the mark of a
pressed button), the buttons removed or kept, or, when it is rewritten, the new
text and buttons below. Every press must be answered (``answerCallbackQuery``)
and every request valid against the Bot API, or the transcript fails.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bot.channels.telegram.adapter import TelegramAdapter
from bot.core.ports import Handler
from storage.schema import invites
from tests.channels.telegram_support import new_adapter, wire
from tests.conftest import seed
from tests.fakes.telegram_api import FakeTelegram, FakeUser
from tests.handlers.test_golden_transcripts import Player
from tests.support.admin import make_admin
from tests.support.golden import Transcript, replay

GOLDEN = Path(__file__).parent / "golden" / "telegram"
FIRST_USER = 7001


@dataclass
class Shown:
    """One send or edit, as the chat showed it at that moment."""

    kind: str  # "send" | "edit"
    chat_id: int
    number: int  # the transcript's number of the message
    text: str
    markup: dict[str, Any] | None
    before_text: str = ""
    before_markup: dict[str, Any] | None = None


def _content(msg: dict[str, Any]) -> str:
    if "document" in msg:
        head = f"[document {msg['document'].get('file_name', '')}]"
        return head + ("\n" + msg["caption"] if msg.get("caption") else "")
    if "photo" in msg:
        return "[photo]" + ("\n" + msg["caption"] if msg.get("caption") else "")
    return str(msg.get("text", ""))


class RecordingTelegram(FakeTelegram):
    """The fake Bot API keeping each send and edit as it happened (a stored
    message changes when it is edited)."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[Shown] = []
        self.numbers: dict[tuple[int, int], int] = {}

    def _send(self, p: dict[str, Any], **content: Any) -> dict[str, Any]:
        msg = super()._send(p, **content)
        key = (msg["chat"]["id"], msg["message_id"])
        self.numbers[key] = len(self.numbers) + 1
        self.shown.append(Shown("send", key[0], self.numbers[key], _content(msg), msg.get("reply_markup")))
        return msg

    def _edited(self, msg: dict[str, Any], text: str | None, markup: Any) -> dict[str, Any]:
        before_text, before_markup = _content(msg), msg.get("reply_markup")
        super()._edited(msg, text, markup)
        number = self.numbers[(msg["chat"]["id"], msg["message_id"])]
        self.shown.append(Shown("edit", msg["chat"]["id"], number, _content(msg), msg.get("reply_markup"),
                                before_text, before_markup))
        return msg

    def message(self, number: int) -> dict[str, Any]:
        key = next(k for k, n in self.numbers.items() if n == number)
        return self.messages[key]


def _rows(markup: dict[str, Any] | None) -> list[str]:
    rows = (markup or {}).get("inline_keyboard", [])
    return ["[buttons: " + " · ".join(f"{b['text']} → {b.get('callback_data', '')}" for b in row) + "]"
            for row in rows]


def _edit_lines(s: Shown, head: str) -> list[str]:
    if s.text.startswith(s.before_text):
        parts = [f"text + {json.dumps(s.text[len(s.before_text):], ensure_ascii=False)}"] \
            if s.text != s.before_text else []
        if s.markup == s.before_markup:
            parts.append("buttons kept" if s.markup else "no buttons")
        elif not s.markup:
            parts.append("buttons removed")
        else:
            return [f"[{head} edited: {', '.join([*parts, 'new buttons'])}]", *_rows(s.markup)]
        return [f"[{head} edited: {', '.join(parts)}]"]
    return [f"[{head} edited, now:]", s.text, *_rows(s.markup)]


class TelegramPlayer:
    """Plays one transcript: the console player's database and directives,
    people in Telegram on the fake Bot API."""

    def __init__(self, db: Path) -> None:
        self.base = Player(db)
        self.fake = RecordingTelegram()
        self.users: dict[str, FakeUser] = {}
        self.user = self._person("An")
        self.adapter: TelegramAdapter | None = None

    def _person(self, name: str) -> FakeUser:
        if name not in self.users:
            self.users[name] = FakeUser(FIRST_USER + len(self.users), name, "vi")
        return self.users[name]

    async def open(self) -> None:
        await self.fake.start()
        await self.base.open()
        assert self.base.rt is not None
        self.base.codes = await seed(self.base.rt)

        async def make(handler: Handler, **kw: Any) -> TelegramAdapter:
            return await new_adapter(self.fake, handler, **kw)

        self.adapter = await wire(self.base.rt, make)

    async def close(self) -> None:
        if self.adapter is not None:
            await self.adapter.stop()
        await self.base.close()
        await self.fake.stop()
        invalid = [f"{r.method}: {r.errors}" for r in self.fake.invalid]
        assert not invalid, "invalid Bot API requests:\n" + "\n".join(invalid)

    async def directive(self, line: str) -> None:
        verb, _, arg = line[2:].strip().partition(" ")
        if verb == "user":
            self.user = self._person(arg.strip())
        elif verb == "admin":
            assert self.base.rt is not None
            await make_admin(self.base.rt, str(self.user.id), arg.strip(), channel="telegram")
        else:
            await self.base.directive(line)

    async def say(self, raw: str) -> str:
        """Do what the line says; what the bot did, as the golden records it."""
        assert self.adapter is not None
        seen = len(self.fake.shown)
        if raw.startswith("[press ") and raw.endswith("]"):
            message, data = self._button(raw[len("[press "):-1])
            update = await self.fake.press(self.user, message, data)
        else:
            text = self.base.incoming(raw).text  # fills in {code:UNIT} and {text:N}
            assert text is not None, f"not a typed line: {raw!r}"
            update = await self.fake.say(self.user, text)
        await self.adapter.wait_handled(update)
        unanswered = [q for q, done in self.fake.callbacks.items() if not done]
        assert not unanswered, f"{raw}: the press was not answered"
        return await self._normalise("\n\n".join(self._lines(s) for s in self.fake.shown[seen:]))

    async def _normalise(self, text: str) -> str:
        """Invite codes made during the transcript are written ``{new code}``."""
        assert self.base.rt is not None
        async with self.base.rt.begin() as conn:
            made = {r.code for r in await conn.execute(sa.select(invites.c.code))} - set(self.base.codes.values())
        for code in made:
            text = text.replace(code, "{new code}")
        return self.base.normalise(text)

    def _button(self, spec: str) -> tuple[dict[str, Any], str]:
        keyboards = [m for m in reversed(self.fake.bot_messages(self.user.id)) if m.get("reply_markup")]
        ref, label = spec.partition(" ")[::2] if spec.startswith("#") else ("", spec)
        if ref.startswith("#-"):
            message = keyboards[int(ref[2:]) - 1]
        elif ref:
            message = self.fake.message(int(ref[1:]))
        else:
            message = keyboards[0]
        buttons = self.fake.buttons(message)
        exact = [d for t, d in buttons if t == label]
        starting = [d for t, d in buttons if t.startswith(label)]
        found = exact or starting
        assert len(found) == 1, f"press {spec!r}: buttons {buttons}"
        return message, found[0]

    def _lines(self, s: Shown) -> str:
        names = {u.id: n for n, u in self.users.items()}
        head = f"#{s.number}" if s.chat_id == self.user.id else f"#{s.number} → {names.get(s.chat_id, s.chat_id)}"
        if s.kind == "send":
            return "\n".join([f"[{head}]", s.text, *_rows(s.markup)])
        return "\n".join(_edit_lines(s, head))


async def play(script: Transcript, db: Path) -> tuple[list[str], str]:
    """Replay ``script`` in Telegram; return the mismatches and the final state."""
    player = TelegramPlayer(db)
    await player.open()
    try:
        mismatches = await replay(script, player)
        return mismatches, await player.base.state()
    finally:
        await player.close()
