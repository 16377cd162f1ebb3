"""One ASGI app (Starlette) for every platform's webhook, plus ``/healthz``.

Channel adapters contribute their routes (``/zalo``, ``/telegram``); the
composition root serves the app with uvicorn when ``DVBOT_WEBHOOK_URL`` is set.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route


async def _healthz(_request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})


def create_app(routes: Sequence[BaseRoute]) -> Starlette:
    return Starlette(routes=[Route("/healthz", _healthz, methods=["GET"]), *routes])
