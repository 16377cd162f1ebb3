"""The ``/telegram`` webhook route on the shared server: checks Telegram's
secret header, then queues the update for the PTB application."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.core.text import secret_matches

PATH = "/telegram"


def webhook_route(app: Application[Any, Any, Any, Any, Any, Any], secret: str) -> Route:
    async def receive(request: Request) -> Response:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        if not secret_matches(given, secret):
            return Response(status_code=403)
        try:
            data = await request.json()
            update = Update.de_json(data, app.bot)
        except (ValueError, KeyError, TypeError):
            return Response(status_code=400)
        await app.update_queue.put(update)
        return Response(status_code=200)

    return Route(PATH, receive, methods=["POST"])
