"""Submitting and where a submission stands: the confirmation, the receipt,
lateness, and the submission part of a /tiendo line (text from locales)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from bot.core.messages import Option, Outgoing
from bot.domain.entities import Submission
from bot.domain.plan.model import Plan
from bot.domain.receipts import receipt_of
from bot.domain.reminders.calendar import Lateness, WorkCalendar
from bot.domain.status import DONE, OPEN, SubmissionStatus
from bot.services.progress import RoundStatus
from handlers.context import Ctx
from handlers.views import render
from handlers.views.report import round_title


def submit_token(round_id: str) -> str:
    """What the buttons of "Nộp báo cáo …? 1. Nộp 2. Chưa" answer: submitting
    this round (an old keyboard of another round's confirmation is refused)."""
    return render.token(f"submit:{round_id}")


def lateness(ctx: Ctx, deadline: dt.date, when: dt.datetime) -> Lateness:
    """How late a report done at ``when`` is (the working calendar of the settings)."""
    return WorkCalendar.from_settings(ctx.rt.settings).lateness(deadline, ctx.local(when).date())


def late_text(ctx: Ctx, key: str, late: Lateness, deadline: dt.date) -> str:
    return ctx.t(key, days=late.days, working=late.working_days, deadline=render.date_vn(deadline))


def button_fits(walk: Mapping[str, Any], button: str) -> bool:
    """A press answers what is asked now: the submit confirmation, or the current question."""
    if walk.get("confirming"):
        return button == submit_token(str(walk.get("round_id")))
    return walk.get("mode") == "asking" and button == render.token(walk.get("cursor") or "")


def confirm_text(ctx: Ctx, plan: Plan, round_id: str) -> tuple[str, tuple[Option, ...]]:
    """"Nộp báo cáo …?", how late it would be, and 1. Nộp 2. Chưa."""
    options = (
        Option.button(f"1. {ctx.t('report.confirm.yes')}", "1", submit_token(round_id)),
        Option.button(f"2. {ctx.t('report.confirm.no')}", "2", submit_token(round_id)),
    )
    lines = [ctx.t("report.confirm.ask", title=round_title(ctx, plan, round_id))]
    deadline = plan.round(round_id).due
    late = lateness(ctx, deadline, ctx.now)
    if late.late:
        lines.append(late_text(ctx, "report.confirm.late", late, deadline))
    lines += [render.numbered(options), ctx.t("report.confirm.hint")]
    return "\n".join(lines), options


def receipt_text(ctx: Ctx, plan: Plan, sub: Submission) -> str:
    """The receipt: what, when, the reference, and how late it was."""
    assert sub.submitted_at is not None
    local = ctx.local(sub.submitted_at)
    title, deadline = round_title(ctx, plan, sub.round_id), plan.round(sub.round_id).due
    lines = [ctx.t("report.submitted", title=title, time=local.strftime("%H:%M"), date=render.date_vn(local.date()))]
    lines.append(ctx.t("report.receipt", ref=receipt_of(plan.year, sub) or "—"))
    late = lateness(ctx, deadline, sub.submitted_at)
    if late.late:
        lines.append(late_text(ctx, "report.submitted_late", late, deadline))
    lines.append(ctx.t("report.locked_after_submit"))
    return "\n".join(lines)


def submitted_text(ctx: Ctx, deadline: dt.date, year: int, sub: Submission) -> str:
    """"đã nộp lúc 09:00 ngày 02/05/2025, muộn 35 ngày (22 ngày làm việc) · số biên nhận DV-…"
    for a /tiendo line."""
    assert sub.submitted_at is not None
    local = ctx.local(sub.submitted_at)
    key = "status.accepted_at" if sub.status == SubmissionStatus.ACCEPTED else "status.submitted_at"
    text = ctx.t(key, time=local.strftime("%H:%M"), date=render.date_vn(local.date()))
    late = lateness(ctx, deadline, sub.submitted_at)
    text += ", " + (late_text(ctx, "status.late", late, deadline) if late.late else ctx.t("status.on_time"))
    receipt = receipt_of(year, sub)
    if receipt:
        text += " · " + ctx.t("status.receipt", ref=receipt)
    return text


def _due_text(ctx: Ctx, st: RoundStatus) -> str:
    days = st.days_left(ctx.today)
    if days > 0:
        return ctx.t("status.days_left", days=days)
    return ctx.t("status.due_today") if days == 0 else ctx.t("status.overdue", days=-days)


def status_lines(ctx: Ctx, st: RoundStatus) -> list[str]:
    """One round in /tiendo: deadline, where it stands (submitted: when, how
    late, the receipt; complete but not submitted: "sẵn sàng nộp — gõ /nop"),
    and an admin's return comment until the report is submitted again."""
    title = st.round.title_en if ctx.lang == "en" and st.round.title_en else st.round.title
    sub = st.submission
    if sub is not None and st.status in DONE:
        when = ctx.t(f"status.{st.status}")
        if sub.submitted_at is not None:
            when = submitted_text(ctx, st.round.due, st.plan.plan.year, sub)
        progress = ""
    else:
        when = _due_text(ctx, st)
        progress = " — " + ctx.t(f"status.{st.status}", answered=st.answered, total=st.total)
        if st.missing:
            progress += " — " + ctx.t("status.missing", count=st.missing)
        elif st.answered:
            progress += " — " + ctx.t("status.ready")
    lines = [f"• {title} — {ctx.t('status.deadline', date=render.date_vn(st.round.due))} — {when}{progress}"]
    if sub is not None and st.status in OPEN and sub.review_comment:
        lines.append("  " + ctx.t("status.returned_comment", comment=sub.review_comment))
    return lines


def returned_note(ctx: Ctx, sub: Submission | None) -> list[Outgoing]:
    """Opening a report an admin returned and the unit has not submitted again:
    the admin's comment, before anything else."""
    if sub is None or sub.status not in OPEN or not sub.review_comment:
        return []
    return [Outgoing(text=ctx.t("report.returned_note", comment=sub.review_comment))]
