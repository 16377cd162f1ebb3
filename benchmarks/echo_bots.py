"""The yardsticks of ``bench_channels``: bare echo bots, one process each,
against the same fake servers as ``dvbot run``.

* ``telegram BASE TOKEN MAX_RATE``: python-telegram-bot's echo bot as its
  examples write it (``Application.run_polling``, one ``MessageHandler``
  answering ``reply_text``), with PTB's ``AIORateLimiter`` at ``MAX_RATE``
  messages a second when it is above 0 (no limiter at 0).
* ``zalo BASE TOKEN``: the minimal client of the Zalo Bot Platform with httpx —
  ``getUpdates`` long polling, ``sendMessage`` with the same text.
* ``zalo-oa PORT``: the minimal OA webhook with Starlette and httpx — answer
  200, then ``/v3.0/oa/message/cs`` with the same text (no signature check,
  no token refresh: the access token is given in ``DVBOT_ECHO_OA_TOKEN``).

Each writes ``ready`` on stderr once it is polling or listening.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any


def telegram(base: str, token: str, max_rate: float) -> None:
    from telegram import Update
    from telegram.ext import (
        AIORateLimiter,
        ApplicationBuilder,
        ContextTypes,
        MessageHandler,
        filters,
    )

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        await update.message.reply_text(update.message.text)

    async def ready(_app: Any) -> None:
        print("ready", file=sys.stderr, flush=True)

    builder = ApplicationBuilder().token(token).base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    if max_rate > 0:
        builder = builder.rate_limiter(AIORateLimiter(max_rate))
    app = builder.post_init(ready).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(allowed_updates=["message"], timeout=10)


async def zalo(base: str, token: str) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=f"{base}/bot{token}", timeout=40) as http:
        print("ready", file=sys.stderr, flush=True)
        while True:
            answer = await http.post("/getUpdates", json={"timeout": 30})
            if answer.status_code != 200:
                continue  # 408: the long poll timed out
            message = answer.json()["result"]["message"]
            await http.post("/sendMessage", json={"chat_id": message["chat"]["id"], "text": message["text"]})


async def zalo_oa(port: int) -> None:
    import httpx
    import uvicorn
    from starlette.applications import Starlette
    from starlette.background import BackgroundTask
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    api = os.environ["DVBOT_ECHO_OA_API"]
    http = httpx.AsyncClient(base_url=api, headers={"access_token": os.environ["DVBOT_ECHO_OA_TOKEN"]}, timeout=10)

    async def send(user: str, text: str) -> None:
        await http.post("/v3.0/oa/message/cs", json={"recipient": {"user_id": user}, "message": {"text": text}})

    async def hook(request: Request) -> JSONResponse:
        event = await request.json()
        task = BackgroundTask(send, event["sender"]["id"], event["message"]["text"])
        return JSONResponse({"error": 0}, background=task)

    app = Starlette(routes=[Route("/zalo-oa", hook, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event
        await asyncio.sleep(0.01)
    print("ready", file=sys.stderr, flush=True)
    await serving


if __name__ == "__main__":
    kind, args = sys.argv[1], sys.argv[2:]
    if kind == "telegram":
        telegram(args[0], args[1], float(args[2]))
    elif kind == "zalo":
        asyncio.run(zalo(args[0], args[1]))
    else:
        asyncio.run(zalo_oa(int(args[0])))
