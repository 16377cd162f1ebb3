"""The state behind the fake Bot API: chats, messages, files, members, updates,
and the methods that read and change it (one ``_m_<method>`` each)."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from typing import Any

from tests.fakes.telegram_people import FakeUser, PersonSide
from tests.fakes.telegram_spec import UploadedFile, sample_object

_BLOCKED = "Forbidden: bot was blocked by the user"


class TelegramError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


def _bad(description: str) -> TelegramError:
    return TelegramError(400, "Bad Request: " + description)


__all__ = ["BotState", "FakeUser", "TelegramError"]


class BotState(PersonSide):
    def __init__(self, username: str) -> None:
        self.bot: dict[str, Any] = {
            "id": 900001, "is_bot": True, "first_name": "DV Bot", "username": username,
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.updates: list[dict[str, Any]] = []
        self.cond = asyncio.Condition()
        self.closing = False
        self._update_ids = itertools.count(1000)
        self._ids = itertools.count(1)
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.outbox: list[tuple[str, int, int]] = []  # ("send"|"edit", chat_id, message_id)
        self.members: dict[tuple[int, int], str] = {}
        self.blocked: set[int] = set()
        self.files: dict[str, tuple[bytes, str]] = {}
        self.callbacks: dict[str, bool] = {}  # callback query id -> answered
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_answers: list[int] = []

    def methods(self) -> set[str]:
        return {n[3:] for n in dir(self) if n.startswith("_m_")}

    async def call(self, method: str, p: dict[str, Any]) -> Any:
        return await getattr(self, "_m_" + method)(p)

    async def deliver(self, update: dict[str, Any]) -> None:
        raise NotImplementedError

    # ---- the users' side -------------------------------------------------------------

    def group(self, chat_id: int, title: str, kind: str = "group") -> dict[str, Any]:
        self.chats[chat_id] = {"id": chat_id, "type": kind, "title": title}
        return self.chats[chat_id]

    def set_member(self, chat_id: int, user: FakeUser, status: str) -> None:
        """``status``: creator | administrator | member | left."""
        self.members[(chat_id, user.id)] = status

    def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        seen = []
        for kind, cid, mid in self.outbox:
            if kind == "send" and cid == chat_id:
                seen.append(self.messages[(cid, mid)])
        return seen

    def texts(self, chat_id: int) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.bot_messages(chat_id)]

    def last(self, chat_id: int) -> dict[str, Any]:
        return self.bot_messages(chat_id)[-1]

    @staticmethod
    def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]

    # ---- methods -----------------------------------------------------------------------

    async def _m_getMe(self, p: dict[str, Any]) -> Any:
        return self.bot

    async def _m_getUpdates(self, p: dict[str, Any]) -> Any:
        if self.webhook_url:
            raise TelegramError(409, "Conflict: can't use getUpdates method while webhook is "
                                     "active; use deleteWebhook to delete the webhook first")
        offset = int(p.get("offset") or 0)
        limit = int(p.get("limit") or 100)
        timeout = float(p.get("timeout") or 0)
        async with self.cond:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            if not self.updates and timeout > 0 and not self.closing:
                try:
                    await asyncio.wait_for(self.cond.wait_for(lambda: bool(self.updates) or self.closing), timeout)
                except TimeoutError:
                    pass
            return self.updates[:limit]

    def _send(self, p: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(p["chat_id"])
        if chat_id in self.blocked:
            raise TelegramError(403, _BLOCKED)
        if chat_id not in self.chats:
            raise _bad("chat not found")
        msg = {"message_id": next(self._ids), "date": int(time.time()), "chat": self.chats[chat_id],
               "from": {k: self.bot[k] for k in ("id", "is_bot", "first_name", "username")},
               **content}
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        self.messages[(chat_id, msg["message_id"])] = msg
        self.outbox.append(("send", chat_id, msg["message_id"]))
        return msg

    async def _m_sendMessage(self, p: dict[str, Any]) -> Any:
        return self._send(p, text=str(p["text"]))

    def _stored_file(self, value: Any, name: str | None) -> dict[str, Any]:
        if isinstance(value, UploadedFile):
            meta = self._file(value.content, None)
            return {**meta, "file_name": value.filename or name, "mime_type": value.mime}
        if str(value) in self.files:
            return {"file_id": str(value), "file_unique_id": "U" + str(value),
                    "file_size": len(self.files[str(value)][0])}
        raise _bad("wrong file identifier/HTTP URL specified")

    async def _m_sendDocument(self, p: dict[str, Any]) -> Any:
        extra = {"caption": str(p["caption"])} if p.get("caption") else {}
        return self._send(p, document=self._stored_file(p["document"], None), **extra)

    async def _m_sendPhoto(self, p: dict[str, Any]) -> Any:
        meta = self._stored_file(p["photo"], None)
        photo = {k: meta[k] for k in ("file_id", "file_unique_id", "file_size")}
        extra = {"caption": str(p["caption"])} if p.get("caption") else {}
        return self._send(p, photo=[{**photo, "width": 800, "height": 600}], **extra)

    def _editable(self, p: dict[str, Any]) -> dict[str, Any]:
        key = (int(p["chat_id"]), int(p["message_id"]))
        if key not in self.messages or self.messages[key]["from"]["id"] != self.bot["id"]:
            raise _bad("message to edit not found")
        return self.messages[key]

    def _edited(self, msg: dict[str, Any], text: str | None, markup: Any) -> dict[str, Any]:
        same_text = text is None or text == msg.get("text")
        if same_text and markup == msg.get("reply_markup"):
            raise _bad("message is not modified: specified new message content and reply "
                       "markup are exactly the same as a current content and reply markup "
                       "of the message")
        if text is not None:
            msg["text"] = text
        if markup:
            msg["reply_markup"] = markup
        else:
            msg.pop("reply_markup", None)
        msg["edit_date"] = int(time.time())
        self.outbox.append(("edit", msg["chat"]["id"], msg["message_id"]))
        return msg

    async def _m_editMessageText(self, p: dict[str, Any]) -> Any:
        return self._edited(self._editable(p), str(p["text"]), p.get("reply_markup"))

    async def _m_editMessageReplyMarkup(self, p: dict[str, Any]) -> Any:
        return self._edited(self._editable(p), None, p.get("reply_markup"))

    async def _m_answerCallbackQuery(self, p: dict[str, Any]) -> Any:
        qid = str(p["callback_query_id"])
        if qid not in self.callbacks or self.callbacks[qid]:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        self.callbacks[qid] = True
        return True

    @staticmethod
    def _scope_key(p: dict[str, Any]) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(p.get("language_code") or "")

    async def _m_setMyCommands(self, p: dict[str, Any]) -> Any:
        self.commands[self._scope_key(p)] = list(p["commands"])
        return True

    async def _m_deleteMyCommands(self, p: dict[str, Any]) -> Any:
        self.commands.pop(self._scope_key(p), None)
        return True

    async def _m_getMyCommands(self, p: dict[str, Any]) -> Any:
        return self.commands.get(self._scope_key(p), [])

    async def _m_getChatMember(self, p: dict[str, Any]) -> Any:
        chat_id, user_id = int(p["chat_id"]), int(p["user_id"])
        if chat_id not in self.chats:
            raise _bad("chat not found")
        status = self.members.get((chat_id, user_id), "member")
        user = {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"}
        if status == "administrator":
            return sample_object("ChatMemberAdministrator", status=status, user=user)
        if status == "creator":
            return sample_object("ChatMemberOwner", status=status, user=user)
        return {"status": status, "user": user}

    async def _m_getFile(self, p: dict[str, Any]) -> Any:
        file_id = str(p["file_id"])
        if file_id not in self.files:
            raise _bad("invalid file_id")
        content, path = self.files[file_id]
        return {"file_id": file_id, "file_unique_id": "U" + file_id, "file_size": len(content),
                "file_path": path}

    async def _m_setWebhook(self, p: dict[str, Any]) -> Any:
        self.webhook_url = str(p["url"]) or None
        self.webhook_secret = p.get("secret_token")
        if p.get("drop_pending_updates"):
            self.updates.clear()
        return True

    async def _m_deleteWebhook(self, p: dict[str, Any]) -> Any:
        self.webhook_url = self.webhook_secret = None
        if p.get("drop_pending_updates"):
            self.updates.clear()
        return True

    async def _m_getWebhookInfo(self, p: dict[str, Any]) -> Any:
        return {"url": self.webhook_url or "", "has_custom_certificate": False,
                "pending_update_count": len(self.updates)}

    async def _m_close(self, p: dict[str, Any]) -> Any:
        return True

    async def _m_logOut(self, p: dict[str, Any]) -> Any:
        return True
