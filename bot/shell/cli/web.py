"""``dvbot web``: the admin's web page alone (``dvbot run`` serves it at
``/admin`` next to the webhooks when ``DVBOT_WEBHOOK_URL`` is set), on
``DVBOT_WEBHOOK_LISTEN:DVBOT_WEBHOOK_PORT``. Sign in with the link of
``dvbot admin web-link`` or ``/web``. No channel runs here: a return's
notice reaches the officer when the pages are served by ``dvbot run``;
here the page says it was not sent (the officer sees it at /tiendo)."""

from __future__ import annotations

import asyncio

import typer

from bot.core.settings import Settings
from bot.shell.cli.common import settings_of


async def serve_web(settings: Settings) -> None:
    import uvicorn

    from bot.services import web_auth
    from bot.services.runtime import Runtime
    from bot.shell import web
    from bot.shell.webhook import create_app
    from handlers.router import Router
    from locales import t

    rt = await Runtime.open(settings)
    try:
        app = create_app([web.mount(rt, Router(rt).deliver)])
        config = uvicorn.Config(app, host=settings.webhook_listen, port=settings.webhook_port,
                                log_level="warning", lifespan="off")
        typer.echo(t("web.cli.serving", settings.locale, url=web_auth.base_url(settings) + web.PREFIX + "/"))
        await uvicorn.Server(config).serve()
    finally:
        await rt.close()


def register(app: typer.Typer) -> None:
    @app.command("web")
    def web_cmd(ctx: typer.Context) -> None:
        """The admin's web page alone."""
        asyncio.run(serve_web(settings_of(ctx)))
