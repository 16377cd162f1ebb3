"""The ``/telegram`` webhook route on the shared server: checks Telegram's
secret header, then queues the update for the PTB application."""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.core.errors import BadUpdate
from bot.core.text import secret_matches
from bot.core.webhooks import json_object

log = logging.getLogger(__name__)
PATH = "/telegram"


# The updates dvbot asks for that carry a message, and where its chat is.
_MESSAGE_KEYS = ("message", "edited_message", "channel_post", "edited_channel_post", "my_chat_member")


def _check_shape(data: dict[str, Any]) -> None:
    """What PTB would let through but no handler can use: an ``update_id``
    that is not a number, a message that is not an object or has no chat."""
    if type(data.get("update_id")) is not int:
        raise BadUpdate("update_id missing or not a number")
    for key in _MESSAGE_KEYS:
        if key in data:
            message = data[key]
            chat = message.get("chat") if isinstance(message, dict) else None
            if not isinstance(chat, dict) or type(chat.get("id")) is not int:
                raise BadUpdate(f"{key} without a chat")
    query = data.get("callback_query")
    if query is not None and not (isinstance(query, dict) and isinstance(query.get("from"), dict)):
        raise BadUpdate("callback_query without a sender")


def _refused(reason: str) -> Response:
    """An authenticated body that is no update: one warning line, 400."""
    log.warning("telegram webhook: body refused (%s)", reason)
    return Response(status_code=400)


def webhook_route(app: Application[Any, Any, Any, Any, Any, Any], secret: str) -> Route:
    async def receive(request: Request) -> Response:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        if not secret_matches(given, secret):
            return Response(status_code=403)
        try:
            data = json_object(await request.body())
            _check_shape(data)
            update = Update.de_json(data, app.bot)
        except BadUpdate as exc:
            return _refused(str(exc))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # PTB found a field of the wrong shape
            return _refused(f"not an update ({type(exc).__name__})")
        await app.update_queue.put(update)
        return Response(status_code=200)

    return Route(PATH, receive, methods=["POST"])
