"""A refresher process that dies with Zalo's answer in hand: it asks the
OAuth server for a new pair, writes ``MARKER`` once the answer came, and then
waits to be killed (``SIGKILL``) before the keeper's transaction can store
the pair. Used by tests/services/test_zalo_oa_tokens.py.

    python -m tests.support.oa_refresher DATABASE_URL OAUTH_BASE MARKER
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from pathlib import Path

from bot.channels.zalo_oa.client import OAuthClient
from bot.core.oauth import TokenPair
from bot.core.settings import Settings
from bot.services.runtime import Runtime
from bot.services.zalo_oa import TokenKeeper
from tests.fakes.zalo_oa_api import APP_ID, APP_SECRET


async def main(url: str, oauth_base: str, marker: Path) -> None:
    rt = await Runtime.open(Settings(database_url=url, _env_file=None), migrate_db=False)  # type: ignore[call-arg]
    real = OAuthClient(APP_ID, APP_SECRET, oauth_base)

    async def answered_then_stuck(refresh_token: str) -> TokenPair:
        pair = await real(refresh_token)
        await asyncio.to_thread(marker.write_text, "answered")
        await asyncio.sleep(3600)  # killed here: the pair never reaches the database
        return pair

    # ``ahead`` of a day: refresh now although the access token is still fresh.
    await TokenKeeper(rt, APP_ID, answered_then_stuck, ahead=dt.timedelta(days=2)).access_token()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], Path(sys.argv[3])))
