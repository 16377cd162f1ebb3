"""``dvbot zalo set-webhook | delete-webhook | whoami``.

These talk to the Zalo Bot API only (no database): they need
``DVBOT_ZALO_TOKEN``, and ``set-webhook`` also ``DVBOT_WEBHOOK_URL`` (the
public HTTPS base; ``/zalo`` is appended) and ``DVBOT_ZALO_WEBHOOK_SECRET``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer

from bot.channels.zalo.adapter import WEBHOOK_PATH
from bot.channels.zalo.client import ZaloClient
from bot.core.errors import ConfigError
from bot.core.settings import Settings
from bot.shell.cli.common import run_cli, settings_of

T = TypeVar("T")


def webhook_address(settings: Settings) -> str:
    if not settings.webhook_url:
        raise ConfigError("DVBOT_WEBHOOK_URL is not set (the bot's public HTTPS address)")
    return settings.webhook_url.rstrip("/") + WEBHOOK_PATH


def _with_client(ctx: typer.Context, fn: Callable[[ZaloClient, Settings], Awaitable[T]]) -> T:
    """Run ``fn`` with a client; a setting or API error becomes one line on
    stderr (exit 2 for a setting, 1 otherwise)."""
    settings = settings_of(ctx)

    async def _go() -> T:
        if settings.zalo_token is None:
            raise ConfigError("DVBOT_ZALO_TOKEN is not set")
        client = ZaloClient(settings.zalo_token.get_secret_value(), settings.zalo_api_base)
        try:
            return await fn(client, settings)
        finally:
            await client.aclose()

    return run_cli(_go)


def register(app: typer.Typer) -> None:
    zalo = typer.Typer(no_args_is_help=True)
    app.add_typer(zalo, name="zalo")

    @zalo.command("set-webhook")
    def set_webhook_cmd(ctx: typer.Context) -> None:
        """Point Zalo at DVBOT_WEBHOOK_URL + /zalo with DVBOT_ZALO_WEBHOOK_SECRET."""

        async def _go(client: ZaloClient, settings: Settings) -> str:
            url = webhook_address(settings)
            secret = settings.zalo_webhook_secret
            if secret is None:  # its shape is checked with the other settings, at start
                raise ConfigError("DVBOT_ZALO_WEBHOOK_SECRET must be set, 8 to 256 characters")
            info = await client.set_webhook(url, secret.get_secret_value())
            return info.url or url

        url = _with_client(ctx, _go)
        typer.echo(f"webhook set: {url}")

    @zalo.command("delete-webhook")
    def delete_webhook_cmd(ctx: typer.Context) -> None:
        """Remove the webhook (needed before long polling works)."""

        async def _go(client: ZaloClient, _settings: Settings) -> None:
            await client.delete_webhook()

        _with_client(ctx, _go)
        typer.echo("webhook deleted")

    @zalo.command("whoami")
    def whoami_cmd(ctx: typer.Context) -> None:
        """Show the bot behind DVBOT_ZALO_TOKEN and its webhook."""

        async def _go(client: ZaloClient, _settings: Settings) -> list[str]:
            me = await client.get_me()
            hook = await client.get_webhook_info()
            return [
                f"id: {me.id}",
                f"name: {me.account_name or '-'}",
                f"type: {me.account_type or '-'}",
                f"can join groups: {'yes' if me.can_join_groups else 'no'}",
                f"webhook: {hook.url or '(none: long polling)'}",
            ]

        for line in _with_client(ctx, _go):
            typer.echo(line)
