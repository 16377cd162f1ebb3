"""`make run` / `dvbot demo` as a newcomer meets it: the printed admin
command works exactly as printed (from another directory, while the demo
runs), the rounds are in every state, and a reminder arrives in the chat."""

from __future__ import annotations

import datetime as dt
import os
import shlex
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.domain.plan.loader import load_plan
from bot.domain.reminders.calendar import WorkCalendar
from bot.shell.demo import DEMO_PLAN, UPCOMING_WEEKS, demo_deadlines, demo_plan
from tests.support.process import TIMEOUT, running

DVBOT = Path(sys.executable).with_name("dvbot")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVBOT_")}
    return {**env, "DVBOT_REMINDER_TICK_SECONDS": "1", "PYTHONIOENCODING": "utf-8"}


def _overdue_days() -> int:
    """How overdue the demo's first round is today (two working days before
    today: more than two calendar days after a weekend or a holiday)."""
    today = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    [overdue, *_] = demo_deadlines(3, today, WorkCalendar(extra_working_days=[today]), every=2, soon=1)
    return (today - overdue).days


def test_make_run_prints_an_admin_command_that_works_and_shows_a_reminder(tmp_path: Path) -> None:
    late = f"quá hạn {_overdue_days()} ngày"
    demo_dir, elsewhere = tmp_path / "clone", tmp_path / "elsewhere"
    demo_dir.mkdir()
    elsewhere.mkdir()
    with running([str(DVBOT), "run"], cwd=demo_dir, env=_env()) as out:
        head = out.until("/start ")
        [command] = [line.strip() for line in head.splitlines() if line.endswith("chat --user admin")]
        [code] = [line.split()[0] for line in head.splitlines() if line.startswith("  ") and "(SNV)" in line]
        assert "DVBOT_DATABASE_URL=sqlite+aiosqlite:///" in head

        out.send(f"/start {code}", "1", "Nguyễn Văn An", "Chuyên viên", "0912 345 678")
        mark = out.mark()
        out.until("Đăng ký thành công", since=mark)
        out.until("[→ demo] ", since=mark)  # today's two reminders, one after the other
        first = next(i for i in range(mark, out.mark()) if out.seen[i].startswith("[→ demo] "))
        out.until("[→ demo] ", since=first + 1)
        reminders = sorted(line for line in out.seen[mark:] if line.startswith("[→ demo] "))
        assert len(reminders) == 2
        assert late in reminders[0] + reminders[1] and "còn 1 ngày" in reminders[0] + reminders[1]
        assert not any(("quá hạn" in r) == ("còn 1 ngày" in r) for r in reminders)  # one of each
        out.send("/tiendo")
        status = out.until("📊", f"còn {7 * UPCOMING_WEEKS + 14} ngày")
        status = status[status.rindex("📊"):]
        assert late in status and "còn 1 ngày" in status and f"còn {7 * UPCOMING_WEEKS + 14} ngày" in status

        # the admin's command, exactly as printed, from another directory, while the demo runs
        admin = subprocess.run(shlex.split(command), cwd=elsewhere, env=_env(), input="/tongket\n1\n",
                               capture_output=True, text=True, timeout=TIMEOUT, check=False)
        assert admin.returncode == 0, admin.stderr
        assert "Sở Nội vụ" in admin.stdout and "Anh/chị chưa đăng ký" not in admin.stdout
        assert not (elsewhere / "data").exists()  # it used the demo's database, not a new one
        assert out.quit() == 0


def test_demo_plan_has_an_overdue_a_due_soon_and_upcoming_rounds() -> None:
    cal = WorkCalendar(extra_working_days=["2026-12-05"])  # a Saturday, made a working day as the demo does
    for now in (dt.datetime(2026, 12, 2, 9, 41), dt.datetime(2026, 12, 5, 23, 59), dt.datetime(2027, 3, 1, 0, 0)):
        plan = demo_plan(load_plan(DEMO_PLAN), now, cal)
        today = now.date()
        assert plan.year == now.year and plan.reminders.at == now.strftime("%H:%M")
        left = [(r.deadline - today).days for r in plan.rounds]
        assert left[0] < 0 and left[1] == 1 and all(n >= 7 * UPCOMING_WEEKS for n in left[2:])
        # today is the overdue round's first overdue reminder day
        first_overdue = cal.add_working_days(cal.effective_deadline(plan.rounds[0].deadline),
                                             plan.reminders.overdue_every_working_days)
        assert first_overdue == today
        assert all(r.deadline_text is None and r.reminders is None for r in plan.rounds)
