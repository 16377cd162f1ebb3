"""The console channel: talk to the bot in a terminal, or script it.

On a TTY it shows a prompt; otherwise it reads one message per line from
stdin and prints each reply, so a whole conversation can be piped in. Text
replies already carry their numbered choices, so nothing else is rendered.
``/attach PATH`` sends a local file as if it were a photo/document; a path
that is not a file is refused here, before the bot sees it.
"""

from __future__ import annotations

import asyncio
import mimetypes
import sys
from pathlib import Path
from typing import TextIO

from bot.core.messages import Attachment, Channel, Incoming, Outgoing
from bot.core.ports import ChannelCapabilities, Handler
from locales import t

CAPABILITIES = ChannelCapabilities(
    text_limit=1_000_000,  # a terminal: no limit worth splitting at
    buttons=False,  # replies already list their numbered choices
    images=False,  # a placeholder line only, and no chart is drawn for it
    files=False,
    notes_missing_media=False,
    groups=False,
    edits=False,
    send_rate=None,
)


ATTACH = "/attach"


def missing_attachment(line: str) -> str | None:
    """The path of an ``/attach`` line that names no readable file (``""``
    when it names nothing), else ``None``."""
    text = line.strip()
    if text != ATTACH and not text.startswith(ATTACH + " "):
        return None
    raw = text[len(ATTACH):].strip()
    return None if raw and Path(raw).expanduser().is_file() else raw


def to_incoming(line: str, user_id: str, name: str | None) -> Incoming:
    text = line.rstrip("\r\n")
    if text.startswith("/attach "):
        path = Path(text[len("/attach "):].strip()).expanduser()
        mime = mimetypes.guess_type(path.name)[0]
        kind = "photo" if (mime or "").startswith("image/") else "document"
        data = path.read_bytes() if path.is_file() else None  # kept by content hash by the router
        attachment = Attachment(kind=kind, file_id=str(path.resolve()), name=path.name,
                                size=None if data is None else len(data), mime=mime, data=data)
        return Incoming(Channel.CONSOLE, user_id, user_id, attachment=attachment, user_name=name)
    return Incoming(Channel.CONSOLE, user_id, user_id, text=text, user_name=name)


def render(message: Outgoing) -> str:
    parts = [message.text]
    if message.image_png:
        parts.append(f"[hình ảnh / image: {len(message.image_png)} bytes]")
    if message.document:
        parts.append(f"[tệp / file: {message.document[0]}]")
    return "\n".join(parts)


class ConsoleSender:
    """Pushes reminders and notifications to the terminal."""

    channel = Channel.CONSOLE
    capabilities = CAPABILITIES

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.count = 0

    async def send(self, chat_id: str, message: Outgoing) -> str:
        self.count += 1
        print(f"[→ {chat_id}] {render(message)}", file=self.out, flush=True)
        return f"console-{self.count}"


async def chat(
    handler: Handler, user_id: str, name: str | None, stdin: TextIO, stdout: TextIO, *, lang: str = "vi"
) -> None:
    interactive = stdin.isatty()
    loop = asyncio.get_running_loop()
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:
            break
        if not line.strip():
            continue
        if line.strip() in ("/quit", "/exit", "/thoat"):  # piped scripts may end with it too
            break
        missing = missing_attachment(line)
        if missing is not None:
            print(t("console.attach_missing", lang, path=missing or "—"), file=stdout, flush=True)
            print(file=stdout, flush=True)
            continue
        for reply in await handler(to_incoming(line, user_id, name)):
            print(render(reply), file=stdout, flush=True)
            print(file=stdout, flush=True)
