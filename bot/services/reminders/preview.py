"""``dvbot remind preview``: what would go out in a window, and to whom,
rendered from the current database — nothing is stored or sent."""

from __future__ import annotations

import datetime as dt

from bot.core.text import format_datetime
from bot.domain.entities import ReminderRow
from bot.domain.reminders.calendar import WorkCalendar
from bot.services.reminders.content import ReminderContent, ReminderTexts
from bot.services.reminders.planner import compute, load_world
from bot.services.runtime import Runtime


async def preview(rt: Runtime, start: dt.datetime, days: int = 1, *, texts: ReminderTexts) -> list[str]:
    """Lines describing every reminder due in ``[start, start + days)``,
    worded by ``texts``; ``start`` is aware (any zone)."""
    tz = rt.settings.tz
    cal = WorkCalendar.from_settings(rt.settings)
    end = start + dt.timedelta(days=days)
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    renderer = ReminderContent(cal, tz, texts)
    lines = []
    async with rt.begin() as conn:
        world = await load_world(conn)
        rows = [r for r in compute(world, cal, tz, first, last, rt.settings.locale) if start <= r["due_at"] < end]
        for r in rows:
            row = ReminderRow(
                0, r["dedupe_key"], r["due_at"], r["kind"], r["unit_id"], r["plan_code"], r["round_id"],
                r["recipient_kind"], r["channel"], r["chat_id"], r["officer_id"], r["payload"], "pending", 0,
                None, None,
            )
            message = await renderer.render(conn, row, r["due_at"])
            who = r["payload"].get("who") or "-"
            head = (f"{format_datetime(r['due_at'].astimezone(tz))}  {r['kind']:<11} {r['recipient_kind']:<7} "
                    f"{r['channel']}:{r['chat_id']} ({who})  [{r['plan_code']}/{r['round_id']}]")
            if isinstance(message, str):
                lines.append(f"{head}\n  (skipped: {message})")
                continue
            lines.append(head + "\n" + "\n".join(f"  {x}" for x in message.text.splitlines()))
    window = f"{format_datetime(start.astimezone(tz))} – {format_datetime(end.astimezone(tz))} ({rt.settings.timezone})"
    return [f"{len(rows)} reminder(s) due {window}", *lines]
