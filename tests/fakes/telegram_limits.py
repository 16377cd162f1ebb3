"""The Bot API limits the fake server enforces (``domain/telegram.md``)."""

from __future__ import annotations

import re
from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_BUTTONS = 100
MAX_ROW = 8
MAX_CALLBACK_DATA = 64
MAX_COMMANDS = 100
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def _keyboard_errors(markup: Any) -> list[str]:
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return []
    rows = markup["inline_keyboard"]
    errs: list[str] = []
    if sum(len(r) for r in rows) > MAX_BUTTONS:
        errs.append(f"more than {MAX_BUTTONS} buttons")
    for i, row in enumerate(rows):
        if len(row) > MAX_ROW:
            errs.append(f"row {i} has more than {MAX_ROW} buttons")
        for b in row:
            if not b.get("text"):
                errs.append("button without text")
            data = b.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA:
                errs.append(f"BUTTON_DATA_INVALID: {data!r}")
    return errs


def limit_errors(method: str, p: dict[str, Any]) -> list[str]:
    errs: list[str] = []
    if method in ("sendMessage", "editMessageText"):
        text = str(p.get("text", ""))
        if not 1 <= len(text) <= MAX_TEXT:
            errs.append(f"message text length {len(text)} not in 1..{MAX_TEXT}")
    if "caption" in p and len(str(p["caption"])) > MAX_CAPTION:
        errs.append(f"caption longer than {MAX_CAPTION}")
    if "reply_markup" in p:
        errs += _keyboard_errors(p["reply_markup"])
    if method == "answerCallbackQuery" and len(str(p.get("text", ""))) > 200:
        errs.append("callback answer text longer than 200")
    if method == "setMyCommands":
        cmds = p.get("commands") or []
        if len(cmds) > MAX_COMMANDS:
            errs.append(f"more than {MAX_COMMANDS} commands")
        for c in cmds:
            if not _COMMAND.match(str(c.get("command", ""))):
                errs.append(f"bad command name {c.get('command')!r}")
            if not 1 <= len(str(c.get("description", ""))) <= 256:
                errs.append(f"bad description for {c.get('command')!r}")
        lang = p.get("language_code")
        if lang is not None and not re.match(r"^[a-z]{2}$", str(lang)):
            errs.append(f"bad language_code {lang!r}")
    if method == "setWebhook":
        secret = p.get("secret_token")
        if secret is not None and not _SECRET.match(str(secret)):
            errs.append("bad secret_token")
        url = str(p.get("url", ""))
        if url and not url.startswith(("https://", "http://127.0.0.1")):
            errs.append("bad webhook url")
    return errs
