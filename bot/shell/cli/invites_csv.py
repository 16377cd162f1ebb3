"""``dvbot invite --unit CODE --all-children --out invites.csv``: invite codes
for a mass roll-out, one row per code, in the CSV dialect of the exports
(:func:`bot.services.export.csv_bytes`: what Excel with Vietnamese regional
settings opens right)."""

from __future__ import annotations

import datetime as dt

from bot.core.errors import NotFound
from bot.core.text import format_date
from bot.domain.units import subtree
from bot.services.admin_data import unit_tree
from bot.services.export import csv_bytes
from bot.services.runtime import Runtime
from handlers.flows.admin_units import deep_link
from storage import audit
from storage import invites as invite_store
from storage import officers as officer_store
from storage import units as unit_store

HEADER = ("Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "Mã mời", "Hiệu lực đến", "Liên kết Telegram")


async def mass_invites(
    rt: Runtime, unit_code: str, count: int, days: int, all_children: bool, bot_username: str | None, *,
    force: bool = False,
) -> tuple[bytes, list[str]]:
    """The CSV, and the codes of the units left out because an officer is
    already registered for them (all are included with ``force``)."""
    now = rt.clock.now()
    until = format_date((now + dt.timedelta(days=days)).astimezone(rt.settings.tz).date())
    rows: list[tuple[str, ...]] = [HEADER]
    async with rt.begin() as conn:
        root = await unit_store.find_unit(conn, unit_code)
        if root is None:
            raise NotFound(f"no unit with code {unit_code}")
        tree = await unit_tree(conn)
        ids = subtree(tree, root.id)[1:] if all_children else [root.id]
        targets = sorted((tree[i] for i in ids if not tree[i].retired), key=lambda u: u.code)
        staffed = set() if force else await officer_store.units_with_officers(conn)
        skipped = [u.code for u in targets if u.id in staffed]
        targets = [u for u in targets if u.id not in staffed]
        for u in targets:
            parent = tree[u.parent_id].code if u.parent_id in tree else ""
            for code in await invite_store.create_invites(conn, u.id, count=count, days=days, now=now,
                                                          created_by="cli"):
                rows.append((u.code, u.name, parent, code, until, deep_link(bot_username, code) or ""))
        await audit.record(conn, actor="cli", action="invite", entity="unit", entity_id=root.id,
                           after={"units": len(targets), "count": count, "all_children": all_children}, now=now)
    return csv_bytes(rows), skipped
