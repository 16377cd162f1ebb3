"""The conversation flows a session can be in. Sessions store the value (the
string), so a value must never change once released; the router and the
``FLOWS`` tables key on these."""

from __future__ import annotations

from enum import StrEnum


class Flow(StrEnum):
    IDLE = "idle"  # outside any flow (the default handler; never stored)
    REGISTER = "register"
    LEAVE = "leave"
    REPORT = "report"
    CHOOSE_ROUND = "choose_round"
    ADMIN_PICK = "admin_pick"
    ADMIN_REVIEW = "admin_review"
    ADMIN_APPRAISE = "admin_appraise"
    ADMIN_BROADCAST = "admin_broadcast"
    ADMIN_INVITE = "admin_invite"
    REMIND_PICK = "remind_pick"
    REMIND_CONFIRM = "remind_confirm"
    REMIND_TEXT_PICK = "remind_text_pick"
    PLAN_IMPORT = "plan_import"  # /nhapkehoach: collecting the pasted text
    PLAN_IMPORT_CONFIRM = "plan_import_confirm"  # /xong: activate or discard the draft


# The flows a file sent in reaches as it came (``Attachment.data``) instead of
# being kept as evidence by the router: a plan document is read, not kept.
READS_FILES = frozenset({Flow.PLAN_IMPORT})
