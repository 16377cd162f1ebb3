"""Outgoing → Zalo OA consultation messages, and a pressed button back.

A choice becomes a **query button** (``oa.query.show``): pressed, Zalo sends
its payload back as the person's text (``user_send_text``) — the shape used
by working OA bots, e.g. ``{"title", "type": "oa.query.show", "payload"}``
in a template attachment next to the text. The payload is ``#`` followed by
the project's button wire form (``bot.core.buttons``), so the adapter knows
a press from typed text and the router can refuse a press on an old
message. The numbers stay in the text: typing ``2`` works as everywhere.
"""

from __future__ import annotations

import re
from typing import Any

from bot.channels.zalo_oa import CAPABILITIES
from bot.core.buttons import WIRE_LIMIT
from bot.core.messages import Option, Outgoing
from bot.core.text import split_text
from locales import t

TEXT_LIMIT = CAPABILITIES.text_limit
MAX_BUTTONS = 5  # a template attachment carries at most five buttons
TITLE_LIMIT = 100
PRESS_MARK = "#"
FILE_PART = "upload"  # a part that is a file to upload: {FILE_PART: (name, content)}
_PRESS = re.compile(r"#(\S{1,"  + str(WIRE_LIMIT) + "})")


def numbered(options: tuple[Option, ...]) -> str:
    return "\n".join(o.label if o.label.startswith(f"{n}.") else f"{n}. {o.label}" for n, o in enumerate(options, 1))


def buttons(message: Outgoing) -> list[dict[str, str]]:
    """Query buttons for the choices (when they fit) and the navigation."""
    options = message.options if len(message.options) <= MAX_BUTTONS else ()
    chosen = [*options, *message.footer][:MAX_BUTTONS]
    return [{"title": o.label[:TITLE_LIMIT], "type": "oa.query.show", "payload": PRESS_MARK + o.payload.encode()}
            for o in chosen]


def render(message: Outgoing, lang: str) -> list[dict[str, Any]]:
    """The ``message`` objects to send, each text at most 2,000 characters;
    the buttons ride on the last one."""
    text = message.text.strip()
    blocks = [text] if text else []
    if message.options and not all(o.label in text for o in message.options):
        blocks.append(numbered(message.options))
    if message.image_png is not None:
        blocks.append(t("zalo_oa.image_skipped", lang))
    document = message.document
    if document is not None and not CAPABILITIES.delivers(document[0], len(document[1])):
        blocks.append(t("zalo_oa.document_skipped", lang, name=document[0]))
        document = None
    parts: list[dict[str, Any]] = [{"text": part} for part in split_text("\n\n".join(blocks), TEXT_LIMIT)] if blocks else []
    pressable = buttons(message)
    if pressable and parts:
        parts[-1]["attachment"] = {"type": "template", "payload": {"buttons": pressable}}
    if document is not None:  # after its text; the adapter uploads it first (FILE_PART)
        parts.append({FILE_PART: document})
    return parts


def pressed(text: str | None) -> str | None:
    """The wire payload when ``text`` is a query button coming back, else ``None``."""
    if not text:
        return None
    match = _PRESS.fullmatch(text.strip())
    return match.group(1) if match else None
