"""``dvbot zalo-oa status | authorize``: the Official Account's token pair,
quota pause, webhook health and who is outside the reply window; and how to
(re-)seed the pair after authorising the app again."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from bot.channels.zalo_oa.adapter import WEBHOOK_PATH, WINDOW
from bot.channels.zalo_oa.client import OAClient
from bot.core.errors import ChannelError, ConfigError
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.shell import zalo_oa as wiring
from bot.shell.cli.common import run_with_runtime, settings_of
from locales import t
from storage import zalo_oa as store


def _when(at: dt.datetime | None, settings: Settings) -> str:
    return "—" if at is None else at.astimezone(settings.tz).strftime("%d/%m/%Y %H:%M")


async def status_lines(rt: Runtime) -> list[str]:
    s, lang = rt.settings, rt.settings.locale
    app_id, _secret, _oa = wiring.check(s)
    now = rt.clock.now()
    async with rt.begin() as conn:
        row = await store.read(conn, app_id)
        outside = await store.officers_outside(conn, now - WINDOW)
    if row is None:
        return [t("cli.zalo_oa.no_pair", lang)]
    lines = [t("cli.zalo_oa.app", lang, app_id=app_id, url=(s.webhook_url or "").rstrip("/") + WEBHOOK_PATH)]
    if row.lost_at is not None:
        lines.append(t("cli.zalo_oa.lost", lang, at=_when(row.lost_at, s), reason=row.lost_reason or ""))
    lines.append(t("cli.zalo_oa.access", lang, at=_when(row.access_expires_at if row.access_token else None, s)))
    lines.append(t("cli.zalo_oa.refresh", lang, at=_when(row.refresh_expires_at, s)))
    if row.attempt_at is not None:
        lines.append(t("cli.zalo_oa.attempt", lang, at=_when(row.attempt_at, s)))
    paused = row.quota_until is not None and row.quota_until > now
    lines.append(t("cli.zalo_oa.quota_paused", lang, until=_when(row.quota_until, s)) if paused
                 else t("cli.zalo_oa.quota_ok", lang))
    lines.append(await _zalo_quota(rt, row.access_token if row.access_expires_at > now and row.lost_at is None else ""))
    lines.append(t("cli.zalo_oa.webhook_ok", lang, at=_when(row.webhook_ok_at, s)))
    if row.webhook_refused_at is not None:
        lines.append(t("cli.zalo_oa.webhook_refused", lang, at=_when(row.webhook_refused_at, s),
                       reason=row.webhook_refused_reason or ""))
    lines.append(t("cli.zalo_oa.outside", lang, count=len(outside)))
    lines += [t("cli.zalo_oa.outside_one", lang, unit=o.unit_code, name=o.full_name,
                at=_when(o.last_inbound_at, s), followed="" if o.followed else t("cli.zalo_oa.unfollowed", lang))
              for o in outside]
    return lines


async def _zalo_quota(rt: Runtime, token: str) -> str:
    """What Zalo says is left of the OA's allowance, read with the stored live
    access token (none: not read; the running bot refreshes it)."""
    lang = rt.settings.locale
    if not token:
        return t("cli.zalo_oa.quota_unread", lang, reason=t("cli.zalo_oa.no_live_token", lang))
    client = OAClient(wiring.keeper(rt.settings, rt), rt.settings.zalo_oa_api_base, retries=0)
    try:
        remain, total = await client.quota(token)
    except ChannelError as exc:
        return t("cli.zalo_oa.quota_unread", lang, reason=str(exc))
    finally:
        await client.aclose()
    return t("cli.zalo_oa.quota_zalo", lang, remain=remain, total=total)


def register(app: typer.Typer) -> None:
    oa = typer.Typer(no_args_is_help=True)
    app.add_typer(oa, name="zalo-oa")

    @oa.command("status")
    def status_cmd(ctx: typer.Context) -> None:
        """Token expiry, quota, webhook health, officers outside the window."""
        for line in run_with_runtime(ctx, status_lines):
            typer.echo(line)

    @oa.command("authorize")
    def authorize_cmd(
        ctx: typer.Context,
        refresh_token: Annotated[str | None, typer.Option("--refresh-token")] = None,
    ) -> None:
        """How to authorise the app; with --refresh-token, store that token."""
        settings = settings_of(ctx)
        lang = settings.locale
        if refresh_token is None:
            typer.echo(t("cli.zalo_oa.authorize_steps", lang, app_id=settings.zalo_oa_app_id or "<APP_ID>"))
            return

        async def _seed(rt: Runtime) -> None:
            if not refresh_token.strip():
                raise ConfigError("--refresh-token is empty")
            await wiring.keeper(rt.settings, rt).seed(refresh_token.strip(), replace=True)

        run_with_runtime(ctx, _seed)
        typer.echo(t("cli.zalo_oa.seeded", lang))
