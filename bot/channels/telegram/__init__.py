"""bot/channels/telegram: the Telegram channel on python-telegram-bot 22.

:func:`capabilities` is what the composition root registers for Telegram:
:data:`CAPABILITIES` with the send caps of the settings
(``DVBOT_TELEGRAM_MAX_RATE``, ``DVBOT_TELEGRAM_GROUP_MAX_RATE``; 0 turns a cap
off). Importing this package does not load python-telegram-bot.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.ports import ChannelCapabilities, Rate
from bot.core.settings import Settings

CAPABILITIES = ChannelCapabilities(
    text_limit=4096,
    buttons=True,
    images=True,
    files=True,
    notes_missing_media=False,
    groups=True,
    edits=True,
    send_rate=Rate(30, 1.0),  # Bot API: about 30 messages a second overall
    group_rate=Rate(20, 60.0),  # and 20 a minute into one group
)


def _rate(count: float, period: float) -> Rate | None:
    """``count`` messages per ``period`` seconds; 0: no limit. A fractional
    count (2.5 a second) becomes one message every 1/2.5 s."""
    if count <= 0:
        return None
    return Rate(int(count), period) if count == int(count) else Rate(1, period / count)


def capabilities(settings: Settings) -> ChannelCapabilities:
    """Telegram's capabilities with the configured send caps."""
    return replace(CAPABILITIES, send_rate=_rate(settings.telegram_max_rate, 1.0),
                   group_rate=_rate(settings.telegram_group_max_rate, 60.0))
