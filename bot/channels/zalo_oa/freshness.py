"""Keeping the OA's tokens fresh while nobody writes.

The access token lives about 25 hours and each refresh token once, for about
three months (bot/channels/zalo_oa/client.py). Refreshing only when a message
goes out would let a quiet OA — no officer writing, no reminder due for a
season — lose its refresh token to age, and every later send would need an
operator to authorise the app again. So the adapter asks its token source for
an access token every few minutes: the keeper (``TokenKeeper``) refreshes it
ahead of expiry, one refresher across replicas, and says nothing otherwise.
"""

from __future__ import annotations

import asyncio
import logging

from bot.core.errors import BadToken
from bot.core.oauth import TokenSource

log = logging.getLogger(__name__)

REFRESH_EVERY = 600.0  # seconds between looks: well inside the keeper's 2 h margin


async def keep_fresh(tokens: TokenSource, every: float = REFRESH_EVERY) -> None:
    """Until cancelled: an access token every ``every`` seconds (refreshed by
    the keeper when it is close to expiry). A lost pair is the keeper's to tell
    the admins; here it is logged once a look, and the looks go on, since
    ``dvbot zalo-oa authorize`` may store a new pair meanwhile."""
    while True:
        try:
            await tokens.access_token()
        except BadToken as exc:  # TokenLost too
            log.warning("zalo-oa: no usable token: %s", exc)
        except Exception as exc:  # network, database: the next look tries again
            log.warning("zalo-oa: keeping the token fresh failed: %s: %s", type(exc).__name__, exc)
        await asyncio.sleep(every)
