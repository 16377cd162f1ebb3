"""Admin commands from chat (scoped to subtrees of units): /summary, /export,
/invite, /grant, /revoke, /admins, /open, /accept, /return, /appraise,
/broadcast. The router loads this module; it gathers the ``handlers.admin_*``
modules' commands and flows."""

from __future__ import annotations

from handlers.commands import Command
from handlers.flows import (
    admin_appraise,
    admin_broadcast,
    admin_evidence,
    admin_read,
    admin_review,
    admin_summary,
    admin_units,
    admin_web,
)
from handlers.flows.names import Flow

COMMANDS: list[Command] = [
    *admin_summary.COMMANDS,
    *admin_units.COMMANDS,
    Command(("open", "xemdonvi"), admin_read.cmd_open, "admin", "admin.cmd.open"),
    Command(("accept", "duyet"), admin_review.cmd_accept, "admin", "admin.cmd.accept"),
    Command(("return", "tralai"), admin_review.cmd_return, "admin", "admin.cmd.return"),
    *admin_appraise.COMMANDS,
    *admin_broadcast.COMMANDS,
    *admin_evidence.COMMANDS,
    *admin_web.COMMANDS,
]

FLOWS = {
    **admin_summary.FLOWS,
    Flow.ADMIN_REVIEW: admin_review.flow_review,
    **admin_appraise.FLOWS,
    **admin_broadcast.FLOWS,
    **admin_units.FLOWS,
}
