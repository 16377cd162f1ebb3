"""A unit's audit trail as its page shows it: when (local time), who (the
identity the audit log names), what (the action's name in the admin's
language, else its code) and the recorded values, shortened."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from bot.core.text import format_datetime
from locales import catalogue, t

ACTIONS = ("register", "link_identity", "leave", "invite", "unit_rename", "unit_move", "unit_retire", "submit",
           "accept", "return", "appraise", "remind")
FIELDS = ("comment", "receipt", "queued", "questions")  # recorded values with a name in the catalogues
CLIP = 200


@dataclass(frozen=True)
class Entry:
    at: str
    actor: str
    action: str
    details: str


def _value(key: str, value: Any, lang: str) -> str:
    if key == "status" and isinstance(value, str) and f"admin.status.{value}" in catalogue(lang):
        return t(f"admin.status.{value}", lang)
    if isinstance(value, list):
        return ", ".join(str(x) for x in value)
    return str(value)


def _details(before: Any, after: Any, lang: str) -> str:
    if not isinstance(after, dict):
        return "" if after is None else str(after)[:CLIP]
    old = before if isinstance(before, dict) else {}
    parts = []
    for key, value in after.items():
        if value in (None, "", []) or key == "units":
            continue
        was = old.get(key)
        shown = _value(key, value, lang)
        if was not in (None, "", value):
            shown = f"{_value(key, was, lang)} → {shown}"
        if key != "status":  # a status speaks for itself
            shown = f"{t(f'web.audit.field.{key}', lang) if key in FIELDS else key}: {shown}"
        parts.append(shown)
    text = " · ".join(parts)
    return text if len(text) <= CLIP else text[: CLIP - 1] + "…"


def trail_of(entries: list[dict[str, Any]], lang: str, tz: zoneinfo.ZoneInfo) -> list[Entry]:
    def action(name: str) -> str:
        return t(f"web.audit.action.{name}", lang) if name in ACTIONS else name

    out = []
    for e in entries:
        at: dt.datetime = e["at"]  # aware UTC (storage's UTCDateTime)
        out.append(Entry(format_datetime(at.astimezone(tz)), e["actor"], action(e["action"]),
                         _details(e["before"], e["after"], lang)))
    return out
