"""bot/channels/zalo: the Zalo Bot Platform channel.

:func:`capabilities` is what the composition root registers for Zalo; the
send rate is a setting (``DVBOT_ZALO_RATE_PER_SECOND``) because the platform
publishes none.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.ports import ChannelCapabilities, Rate
from bot.core.settings import Settings

CAPABILITIES = ChannelCapabilities(
    text_limit=2000,  # sendMessage text: 1-2000 characters
    buttons=False,  # the Bot Platform has none: choices are typed numbers
    images=False,  # sendPhoto takes a public URL only, and charts are not published
    files=False,  # the Bot API cannot send a file
    notes_missing_media=True,  # the adapter says so in the chat instead
    groups=False,  # Zalo bots cannot join groups
    edits=False,
    send_rate=Rate.evenly(Settings.model_fields["zalo_rate_per_second"].default),
)


def with_rate(per_second: float) -> ChannelCapabilities:
    """Zalo's capabilities sending ``per_second`` messages, evenly spaced."""
    return replace(CAPABILITIES, send_rate=Rate.evenly(per_second))


def capabilities(settings: Settings) -> ChannelCapabilities:
    """Zalo's capabilities with the configured send rate."""
    return with_rate(settings.zalo_rate_per_second)
