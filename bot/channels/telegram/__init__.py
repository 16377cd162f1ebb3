"""bot/channels/telegram: the Telegram channel on python-telegram-bot 22.

:data:`CAPABILITIES` is what the composition root registers for Telegram
(importing this package does not load python-telegram-bot).
"""

from __future__ import annotations

from bot.core.ports import ChannelCapabilities, Rate

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
