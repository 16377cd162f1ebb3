"""A scripted console run, as an admin would do it by hand: prepare a fresh
database with the CLI, pipe a registration and a whole 6-month report into
``dvbot chat``, then read ``dvbot summary --json``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "plans" / "tay-ninh-2025.yaml"
DVBOT = Path(sys.executable).with_name("dvbot")

# (what the officer types, the answer that should be stored for which question)
REPORT: list[tuple[str, tuple[str, Any] | None]] = [
    ("1", ("quan-triet.trien-khai", "da")),
    ("4", ("quan-triet.so-hoi-nghi", 4)),
    ("1.250", ("quan-triet.so-luot", 1250)),
    ("100%", ("quan-triet.ty-le", 100)),
    ("Đang thực hiện", ("quan-triet.thong-tin", "dang")),
    ("da phan cong", ("quan-triet.phan-cong", "da")),
    ("Kế hoạch số 15/KH-SNV", ("quan-triet.minh-chung", {"kind": "text", "text": "Kế hoạch số 15/KH-SNV"})),
    ("1", ("cai-cach-hanh-chinh.trien-khai", "da")),
    ("2", ("cai-cach-hanh-chinh.giai-phap-chi-so", "dang")),
    ("92,5", ("cai-cach-hanh-chinh.ho-so-truc-tuyen", 92.5)),
    ("12", ("cai-cach-hanh-chinh.dao-tao", 12)),
    ("3", ("cai-cach-hanh-chinh.kiem-tra-cong-vu", 3)),
    ("0", ("cai-cach-hanh-chinh.xu-ly-vi-pham", 0)),
    ("1", ("cai-cach-hanh-chinh.chi-so", "tang")),
    ("/boqua", None),
    ("1", ("dan-chu-co-so.trien-khai", "da")),
    ("24", ("dan-chu-co-so.tiep-cong-dan", 24)),
    ("18", ("dan-chu-co-so.doi-thoai", 18)),
    ("35", ("dan-chu-co-so.don-thu", 35)),
    ("không xảy ra", ("dan-chu-co-so.diem-nong", "khong")),
    ("2", ("dan-chu-co-so.kiem-tra", 2)),
    ("bỏ qua", None),
    ("1", ("thi-dua.trien-khai", "da")),
    ("6", ("thi-dua.dan-van-kheo", 6)),
    ("15", ("thi-dua.khen-thuong", 15)),
    ("2", ("thi-dua.an-sinh", "dang")),
    ("Mô hình “Dân vận khéo” trong cải cách hành chính", ("thi-dua.ket-qua", "Mô hình “Dân vận khéo” trong cải cách hành chính")),
    ("/skip", None),
    ("1", ("phoi-hop-mttq.trien-khai", "da")),
    ("1", ("phoi-hop-mttq.quy-che", "da")),
    ("7", ("phoi-hop-mttq.lay-y-kien", 7)),
    ("Phối hợp tốt", ("phoi-hop-mttq.ket-qua", "Phối hợp tốt")),
]


def dvbot(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [str(DVBOT), *args], input=stdin, env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=60, check=False,
    )
    assert done.returncode == 0, f"dvbot {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_piped_registration_and_report_end_in_a_submitted_summary(tmp_path: Path) -> None:
    env = {**os.environ, "DVBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/script.sqlite3",
           "DVBOT_LOCALE": "vi", "PYTHONIOENCODING": "utf-8"}
    env.pop("DVBOT_TELEGRAM_TOKEN", None)
    dvbot(env, "plan", "load", str(PLAN))
    dvbot(env, "units", "add", "TN", "UBND tỉnh Tây Ninh", "--level", "tinh")
    dvbot(env, "units", "add", "SNV", "Sở Nội vụ", "--parent", "TN", "--level", "so")
    [code] = dvbot(env, "invite", "--unit", "SNV").split()

    lines = [f"/start {code}", "1", "Nguyễn Văn An", "Chuyên viên", "0912 345 678", "/baocao 6-thang"]
    lines += [text for text, _ in REPORT] + ["/xemlai", "/nop", "1"]
    out = dvbot(env, "chat", "--user", "officer-1", stdin="\n".join(lines) + "\n")
    assert "Đăng ký thành công" in out
    assert "Đã nộp \"Báo cáo 6 tháng đầu năm 2025\"" in out
    assert "⚠️" not in out  # every answer was accepted the first time

    summary = json.loads(dvbot(env, "summary", "--round", "6-thang", "--json"))
    rows = {row["unit"]: row for row in summary["units"]}
    snv = rows["SNV"]
    assert snv["status"] == "submitted"
    assert snv["submitted_at"] is not None
    assert snv["missing"] == 0
    expected = dict(a for _, a in REPORT if a is not None)
    assert snv["answers"] == expected
    # the rates are worked out from the figures (so-lieu, left blank here): 57 questions
    assert snv["answered"] == len(expected) and snv["total"] == 57
    assert all(row["status"] != "submitted" for unit, row in rows.items() if unit != "SNV")


def test_run_without_tokens_opens_the_console_demo(tmp_path: Path) -> None:
    """`make run` on a fresh machine: no token, so the console demo on a fresh
    demo database, with invite codes that register an officer."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVBOT_")}
    script = "/trogiup\n/quit\n/start NOT-SENT\n"
    done = subprocess.run([str(DVBOT), "run"], input=script, env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "console" in out and (tmp_path / "data" / "demo.sqlite3").exists()
    codes = [line.split()[0] for line in out.splitlines() if line.startswith("  ") and "(SNV)" in line]
    assert len(codes) == 1 and len(codes[0]) == 8
    assert "/baocao" in out or "/trogiup" in out
    assert "NOT-SENT" not in out and "Không có lệnh /quit" not in out  # /quit ended the chat
