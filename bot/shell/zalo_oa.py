"""Wiring of the Zalo OA channel: its token keeper and contact book over the
database, the OAuth exchange, the admins' alerts, and the adapter.

Refused at start (``ConfigError``, exit 2): the channel is on (app id and
secret key set) but there is no ``DVBOT_WEBHOOK_URL`` (an OA only pushes
webhooks), no ``DVBOT_ZALO_OA_WEBHOOK_SECRET``, the webhook secret equals
the app's secret key (the classic mix-up), or no token pair is stored and no
``DVBOT_ZALO_OA_REFRESH_TOKEN`` to seed one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from bot.channels.zalo_oa.adapter import ZaloOAAdapter
from bot.channels.zalo_oa.client import OAClient, OAuthClient
from bot.core.errors import ConfigError
from bot.core.messages import Channel, Outgoing
from bot.core.ports import Handler, Sender
from bot.core.settings import Settings
from bot.services import zalo_oa as service
from bot.services.runtime import Runtime
from locales import t

log = logging.getLogger(__name__)


def check(settings: Settings) -> tuple[str, str, str]:
    """(app id, app secret key, OA secret key), or ``ConfigError`` naming what is wrong."""
    if settings.zalo_oa_app_id is None or settings.zalo_oa_secret_key is None:
        raise ConfigError("DVBOT_ZALO_OA_APP_ID and DVBOT_ZALO_OA_SECRET_KEY must both be set")
    if not settings.webhook_url:
        raise ConfigError("the Zalo OA channel needs DVBOT_WEBHOOK_URL: Zalo delivers OA events only by webhook")
    if settings.zalo_oa_webhook_secret is None:
        raise ConfigError("DVBOT_ZALO_OA_WEBHOOK_SECRET is not set: copy the OA Secret Key from the app's Webhook page")
    secret = settings.zalo_oa_secret_key.get_secret_value()
    oa_secret = settings.zalo_oa_webhook_secret.get_secret_value()
    if secret == oa_secret:
        raise ConfigError("DVBOT_ZALO_OA_WEBHOOK_SECRET equals DVBOT_ZALO_OA_SECRET_KEY: the webhook is signed "
                          "with the OA Secret Key on the app's Webhook page, a different key")
    return settings.zalo_oa_app_id, secret, oa_secret


def alerter(rt: Runtime, senders: Mapping[Channel, Sender]) -> service.Alert:
    """Tell every admin, on their own channel: the OA itself may be what is down."""

    async def alert(key: str, params: dict[str, Any]) -> None:
        for channel, chat, lang in await service.admin_chats(rt):
            sender = senders.get(Channel(channel)) if channel in set(Channel) else None
            if sender is None or sender.channel is Channel.ZALO_OA:
                continue
            try:
                await sender.send(chat, Outgoing(t(key, lang, **params), lang=lang))
            except Exception as exc:
                log.warning("zalo-oa: alert %s to an admin on %s not delivered (%s)", key, channel, type(exc).__name__)

    return alert


def keeper(settings: Settings, rt: Runtime, alert: service.Alert = service._nothing) -> service.TokenKeeper:
    app_id, secret, _oa_secret = check(settings)
    exchange = OAuthClient(app_id, secret, settings.zalo_oa_oauth_base)
    return service.TokenKeeper(rt, app_id, exchange, alert=alert)


async def seed(settings: Settings, tokens: service.TokenKeeper) -> None:
    """Store ``DVBOT_ZALO_OA_REFRESH_TOKEN`` if the database holds no pair yet."""
    first = settings.zalo_oa_refresh_token
    if first is not None:
        if await tokens.seed(first.get_secret_value()):
            log.info("zalo-oa: the first refresh token was stored; it is spent at the first refresh")
            return
        log.info("zalo-oa: a token pair is stored; DVBOT_ZALO_OA_REFRESH_TOKEN is not used again")
    async with tokens.rt.begin() as conn:
        from storage import zalo_oa as store

        if await store.read(conn, tokens.app_id) is None:
            raise ConfigError("no Zalo OA token is stored: set DVBOT_ZALO_OA_REFRESH_TOKEN "
                              "(dvbot zalo-oa authorize tells how to get one)")


def adapter(settings: Settings, handle: Handler, rt: Runtime, senders: Mapping[Channel, Sender],
            on_unreachable: Any) -> ZaloOAAdapter:
    app_id, _secret, oa_secret = check(settings)
    alert = alerter(rt, senders)
    tokens = keeper(settings, rt, alert)
    contacts = service.ContactBook(rt, app_id, alert=alert)
    made = ZaloOAAdapter(
        OAClient(tokens, settings.zalo_oa_api_base, now=rt.clock.now), handle, contacts, app_id=app_id, webhook_secret=oa_secret,
        on_unreachable=on_unreachable, max_skew=float(settings.zalo_oa_max_skew_seconds),
        language=settings.locale, settings=settings, now=rt.clock.now,
    )
    made.on_webhook = contacts.webhook_seen
    made.prepare = lambda: seed(settings, tokens)
    return made
