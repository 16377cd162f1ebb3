"""bot/channels/zalo_oa: the unit's Zalo Official Account, the production Zalo channel.

Unlike the Bot Platform (``bot/channels/zalo``) an OA has buttons (query
buttons whose payload comes back as the person's text), no 50-user cap, and
OAuth with rotating tokens (kept in the database by ``bot.services.zalo_oa``).
It receives only by webhook (``/zalo-oa``); it cannot join groups.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.ports import ChannelCapabilities, Rate
from bot.core.settings import Settings

CAPABILITIES = ChannelCapabilities(
    text_limit=2000,  # /v3.0/oa/message/cs: text up to 2,000 characters
    buttons=True,  # template attachment with oa.query.show buttons
    images=False,  # an image needs an upload first (/upload/image): not sent, said in the chat
    files=True,  # uploaded first (/v2.0/oa/upload/file → a token), then sent as a "file" attachment
    notes_missing_media=True,
    groups=False,  # an OA cannot be invited into existing Zalo groups
    edits=False,
    send_rate=Rate.evenly(Settings.model_fields["zalo_oa_rate_per_second"].default),
    # The upload takes PDF and Word files only, at most 5 MB (working OA
    # integrations; docs/zalo.md): a Word report goes, an Excel export does not.
    file_types=frozenset({".pdf", ".doc", ".docx"}),
    file_limit=5 * 1024 * 1024,
)


def capabilities(settings: Settings) -> ChannelCapabilities:
    return replace(CAPABILITIES, send_rate=Rate.evenly(settings.zalo_oa_rate_per_second))
