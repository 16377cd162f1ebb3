"""``dvbot zalo status``: the Bot Platform's limits as this bot stands."""

from __future__ import annotations

from bot.core.messages import Channel
from bot.services import usage
from bot.services.runtime import Runtime
from storage import usage as usage_store


async def status_lines(rt: Runtime) -> list[str]:
    settings, now = rt.settings, rt.clock.now()
    period = usage.period_of(rt, now)
    async with rt.begin() as conn:
        row = await usage_store.usage(conn, Channel.ZALO, period)
        users = await usage_store.linked_users(conn, Channel.ZALO)
        paused = await usage_store.paused_until(conn, Channel.ZALO, now)
        withheld = await usage.protected_senders(conn, limit=10)
    quota = settings.zalo_monthly_quota
    lines = [
        f"period from {period}: {row.sent}/{quota} messages sent ({row.sent * 100 // quota} %)",
        f"users linked: {users}/{settings.zalo_max_users}",
        "sending: " + (f"PAUSED until {paused.astimezone(settings.tz):%Y-%m-%d %H:%M} (quota spent)"
                       if paused else "running"),
    ]
    if withheld:
        lines.append(f"messages Zalo withheld by law (latest {len(withheld)}):")
        lines += [f"  {at.astimezone(settings.tz):%Y-%m-%d %H:%M}  {who}" for at, who in withheld]
    return lines
