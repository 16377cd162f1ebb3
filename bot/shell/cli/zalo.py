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
from bot.channels.zalo.models import SetWebhookResult
from bot.core.errors import ConfigError
from bot.core.settings import Settings
from bot.shell.cli.common import run_cli, run_with_runtime, settings_of
from bot.shell.cli.zalo_status import status_lines

T = TypeVar("T")


def webhook_address(settings: Settings) -> str:
    if not settings.webhook_url:
        raise ConfigError("DVBOT_WEBHOOK_URL is not set (the bot's public HTTPS address)")
    return settings.webhook_url.rstrip("/") + WEBHOOK_PATH


def verification_lines(info: SetWebhookResult) -> list[str]:
    """What Zalo said of its test delivery to the new URL, and its hint."""
    v = info.verification
    if v is None:
        return ["verification: Zalo did not report one"]
    code = "-" if v.status_code is None else str(v.status_code)
    latency = "-" if v.latency_ms is None else f"{v.latency_ms} ms"
    lines = [f"verification: {'ok' if v.ok else 'FAILED'} (HTTP {code}, {v.outcome or '-'}, {latency})"]
    if v.hint:
        lines.append(f"hint: {v.hint}")
    if v.ok is False:
        lines.append("Zalo could not deliver to the URL: check that it is public HTTPS and that no firewall "
                     "blocks Zalo's `Java/...` user agent (README, Zalo section).")
    return lines


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

        async def _go(client: ZaloClient, settings: Settings) -> list[str]:
            url = webhook_address(settings)
            secret = settings.zalo_webhook_secret
            if secret is None:  # its shape is checked with the other settings, at start
                raise ConfigError("DVBOT_ZALO_WEBHOOK_SECRET must be set, 8 to 256 characters")
            info = await client.set_webhook(url, secret.get_secret_value())
            return [f"webhook set: {info.url or url}", *verification_lines(info)]

        for line in _with_client(ctx, _go):
            typer.echo(line)

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

    @zalo.command("status")
    def status_cmd(ctx: typer.Context) -> None:
        """This period's quota, the Zalo users linked, the messages Zalo withheld."""
        for line in run_with_runtime(ctx, status_lines):
            typer.echo(line)
