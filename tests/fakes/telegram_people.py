"""The person's side of the fake Bot API (:class:`~tests.fakes.telegram_state.BotState`):
what a user does — says, presses, sends a file, a photo, a sticker — and a
group's upgrade to a supergroup, each queued as the update Telegram sends."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FakeUser:
    id: int
    first_name: str
    language_code: str | None = "vi"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            out["language_code"] = self.language_code
        return out


class PersonSide:
    """Needs ``chats``, ``group``, ``_push`` and ``_file`` from the state."""

    chats: dict[int, dict[str, Any]]

    def _chat(self, user: FakeUser, chat_id: int | None) -> dict[str, Any]:
        if chat_id is None:
            chat = {"id": user.id, "type": "private", "first_name": user.first_name}
            self.chats.setdefault(user.id, chat)
            return self.chats[user.id]
        return self.chats[chat_id]

    def _message(self, user: FakeUser, chat_id: int | None, **content: Any) -> dict[str, Any]:
        chat = self._chat(user, chat_id)
        msg = {"message_id": next(self._ids), "date": int(time.time()), "chat": chat,
               "from": user.as_dict(), **content}
        self.messages[(chat["id"], msg["message_id"])] = msg
        return msg

    async def _push(self, key: str, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        await self.deliver({"update_id": update_id, key: payload})
        return update_id

    async def say(self, user: FakeUser, text: str, chat_id: int | None = None) -> int:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            content["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        return await self._push("message", self._message(user, chat_id, **content))

    async def press(self, user: FakeUser, message: dict[str, Any], data: str) -> int:
        query_id = str(next(self._ids) * 7919)
        self.callbacks[query_id] = False
        return await self._push("callback_query", {
            "id": query_id, "from": user.as_dict(), "message": message,
            "chat_instance": f"ci{message['chat']['id']}", "data": data,
        })

    def _file(self, content: bytes, declared: int | None) -> dict[str, Any]:
        n = next(self._ids)
        file_id = f"FILE{n:06d}"
        self.files[file_id] = (content, f"documents/file_{n}")
        return {"file_id": file_id, "file_unique_id": f"U{n}", "file_size": declared or len(content)}

    async def send_document(
        self, user: FakeUser, name: str, content: bytes, mime: str = "application/pdf",
        caption: str | None = None, declared_size: int | None = None, chat_id: int | None = None,
    ) -> int:
        doc = {**self._file(content, declared_size), "file_name": name, "mime_type": mime}
        extra = {"caption": caption} if caption else {}
        return await self._push("message", self._message(user, chat_id, document=doc, **extra))

    async def send_photo(
        self, user: FakeUser, content: bytes, declared_size: int | None = None,
        caption: str | None = None,
    ) -> int:
        small = {**self._file(content[:10], 10), "width": 90, "height": 60}
        big = {**self._file(content, declared_size), "width": 1280, "height": 853}
        extra = {"caption": caption} if caption else {}
        return await self._push("message", self._message(user, None, photo=[small, big], **extra))

    async def send_sticker(self, user: FakeUser) -> int:
        sticker = {**self._file(b"webp", 4), "type": "regular", "width": 512, "height": 512,
                   "is_animated": False, "is_video": False}
        return await self._push("message", self._message(user, None, sticker=sticker))

    async def migrate(self, user: FakeUser, old_id: int, new_id: int) -> int:
        title = self.chats[old_id].get("title", "")
        self.group(new_id, title, "supergroup")
        update_id = await self._push("message", self._message(user, old_id, migrate_to_chat_id=new_id))
        await self._push("message", self._message(user, new_id, migrate_from_chat_id=old_id))
        return update_id

    # ---- what the bot showed ----------------------------------------------------------
