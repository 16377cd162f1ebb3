"""``dvbot telegram set-webhook | delete-webhook | whoami | deep-link``.

These talk to the Bot API only (no database): they need
``DVBOT_TELEGRAM_TOKEN``; ``set-webhook`` also ``DVBOT_WEBHOOK_URL`` (the
public HTTPS base; ``/telegram`` is appended) and ``DVBOT_TELEGRAM_WEBHOOK_SECRET``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from telegram import error as tg

from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.render import map_error
from bot.core.errors import DvbotError
from bot.core.messages import Incoming, Outgoing
from bot.shell.cli.common import run_cli, settings_of

T = TypeVar("T")


async def _no_handler(_incoming: Incoming) -> list[Outgoing]:
    return []


def _with_adapter(ctx: typer.Context, fn: Callable[[TelegramAdapter], Awaitable[T]]) -> T:
    """Run ``fn`` with an adapter that does not receive updates; a setting or
    API error becomes one line on stderr (exit 2 for a setting, 1 otherwise)."""
    settings = settings_of(ctx)

    async def _go() -> T:
        adapter = TelegramAdapter.from_settings(settings, _no_handler)
        try:
            return await fn(adapter)
        except tg.TelegramError as exc:
            raise map_error(exc) from exc
        finally:
            await adapter.stop()

    return run_cli(_go)


def register(app: typer.Typer) -> None:
    telegram = typer.Typer(no_args_is_help=True)
    app.add_typer(telegram, name="telegram")

    @telegram.command("set-webhook")
    def set_webhook_cmd(ctx: typer.Context) -> None:
        """Point Telegram at DVBOT_WEBHOOK_URL + /telegram with DVBOT_TELEGRAM_WEBHOOK_SECRET."""
        if not settings_of(ctx).webhook_url:
            typer.echo("dvbot: DVBOT_WEBHOOK_URL is not set (the bot's public HTTPS address)", err=True)
            raise typer.Exit(2)

        async def _go(adapter: TelegramAdapter) -> str:
            await adapter.set_webhook()
            return str((await adapter.webhook_info())["url"])

        typer.echo(f"webhook set: {_with_adapter(ctx, _go)}")

    @telegram.command("delete-webhook")
    def delete_webhook_cmd(ctx: typer.Context) -> None:
        """Remove the webhook (long polling works again)."""
        _with_adapter(ctx, lambda adapter: adapter.delete_webhook())
        typer.echo("webhook deleted")

    @telegram.command("whoami")
    def whoami_cmd(ctx: typer.Context) -> None:
        """The bot's username and id, and where its updates go."""

        async def _go(adapter: TelegramAdapter) -> list[str]:
            name = await adapter.username()
            info = await adapter.webhook_info()
            lines = [f"@{name} (id {adapter.app.bot.id})", f"https://t.me/{name}"]
            if info.get("url"):
                lines.append(f"webhook: {info['url']} ({info.get('pending_update_count', 0)} pending)")
                if info.get("last_error_message"):
                    lines.append(f"last webhook error: {info['last_error_message']}")
            else:
                lines.append("webhook: none (long polling)")
            return lines

        for line in _with_adapter(ctx, _go):
            typer.echo(line)

    @telegram.command("deep-link")
    def deep_link_cmd(
        ctx: typer.Context,
        codes: Annotated[list[str], typer.Argument()],
    ) -> None:
        """Print https://t.me/<bot>?start=<code> for each invite code."""

        async def _go(adapter: TelegramAdapter) -> list[str]:
            try:
                return [await adapter.deep_link(code) for code in codes]
            except ValueError as exc:
                raise DvbotError(str(exc)) from exc

        for link in _with_adapter(ctx, _go):
            typer.echo(link)
