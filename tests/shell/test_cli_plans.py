"""``dvbot plan ...`` against a temporary SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.domain.plan.loader import load_plan
from bot.shell.cli import app
from plans import bundled_path
from tests.support.cli import cli_env, runner  # noqa: F401  (cli_env: an autouse fixture)


def dvbot(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["plan", *args])  # `dvbot plan …`
    return result.exit_code, result.output


def test_validate_ok_prints_one_line_summary() -> None:
    code, out = dvbot("validate", str(bundled_path("tay-ninh-2025")))
    assert code == 0, out
    lines = out.strip().splitlines()
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith("ok tay-ninh-2025 (2025):")
    # the last days: "chậm nhất 28/3", and the working day before each "trước ngày X"
    for rid, due in [("ke-hoach", "28/03/2025"), ("6-thang", "19/05/2025 (Trước ngày 20/5/2025)"),
                     ("ca-nam", "31/10/2025 (Trước ngày 01/11/2025)"),
                     ("tu-cham-diem", "14/11/2025 (trước ngày 15/11/2025)")]:
        assert rid in line and f"due {due}" in line
    # 34 asked before issue #13 added the figures and closing parts (57), and the
    # sections IV.2 asks of one agency each (17 more, each unit asked its own)
    assert "6-thang 74 q" in line


def test_validate_accepts_a_bundled_code() -> None:
    code, out = dvbot("validate", "tu-xuyen-2024")
    assert code == 0, out
    assert "tu-xuyen-2024 (2024)" in out and "25/11/2024" in out


def test_validate_bad_file_exits_1_with_the_loader_message(tmp_path: Path) -> None:
    data = yaml.safe_load(bundled_path("tu-xuyen-2024").read_text(encoding="utf-8"))
    data["rounds"][0]["sections"][0]["questions"][0]["colour"] = "red"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out = dvbot("validate", str(bad))
    assert code == 1
    assert f"{bad}: rounds.0.sections.0.questions.0.colour: Extra inputs are not permitted" in out

    broken = tmp_path / "broken.yaml"
    broken.write_text("code: [\n", encoding="utf-8")
    code, out = dvbot("validate", str(broken))
    assert code == 1 and f"{broken}: not valid YAML" in out

    code, out = dvbot("validate", "no-such-plan")
    assert code == 1 and "no such file or bundled plan" in out


def test_load_twice_then_changed_then_list(tmp_path: Path) -> None:
    code, out = dvbot("load", "tay-ninh-2025")
    assert code == 0, out
    assert "tay-ninh-2025 version 1 (new version)" in out
    code, out = dvbot("load", str(bundled_path("tay-ninh-2025")))
    assert code == 0, out
    assert "tay-ninh-2025 version 1 (unchanged)" in out

    text = bundled_path("tay-ninh-2025").read_text(encoding="utf-8")
    changed = tmp_path / "tay-ninh-2025.yaml"
    changed.write_text(text.replace("deadline: 2025-05-20", "deadline: 2025-05-19"), encoding="utf-8")
    code, out = dvbot("load", str(changed))
    assert code == 0, out
    assert "tay-ninh-2025 version 2 (new version)" in out

    code, out = dvbot("load", "tu-xuyen-2024")
    assert code == 0, out

    code, out = dvbot("list")
    assert code == 0, out
    assert "tay-ninh-2025 v2 (2025) Kế hoạch thực hiện công tác dân vận chính quyền năm 2025" in out
    # moved to Monday 19/5, still "trước ngày": the last day is the Friday before
    assert "6-thang: Báo cáo 6 tháng đầu năm 2025 — due 16/05/2025 (Trước ngày 20/5/2025)" in out
    assert "tu-xuyen-2024 v1 (2024)" in out
    assert out.index("tay-ninh-2025") < out.index("tu-xuyen-2024")  # newest year first


def test_list_empty() -> None:
    code, out = dvbot("list")
    assert code == 0 and "no plans stored" in out


def test_load_bad_file_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 2\n", encoding="utf-8")
    code, out = dvbot("load", str(bad))
    assert code == 1 and f"{bad}: schema_version" in out


def test_rollover_of_a_bundled_plan(tmp_path: Path) -> None:
    out_file = tmp_path / "next.yaml"
    code, out = dvbot("rollover", "tay-ninh-2025", "--year", "2026", "--out", str(out_file))
    assert code == 0, out
    assert f"wrote {out_file}" in out and "edit it before loading" in out
    new = load_plan(out_file)
    assert new.code == "tay-ninh-2026" and new.year == 2026
    assert [str(r.deadline) for r in new.rounds] == [
        "2026-03-28", "2026-05-20", "2026-11-01", "2026-11-15",
    ]
    assert new.round("6-thang").deadline_text == "Trước ngày 20/5/2026"
    # the texts left as written are listed, with where they are
    assert "4 text(s) name a year inside a period or a date" in out
    assert "rounds[1].sections[1].questions[0].text: " in out and "2021 - 2025" in out


def test_rollover_uses_the_newest_stored_version(tmp_path: Path) -> None:
    text = bundled_path("tu-xuyen-2024").read_text(encoding="utf-8")
    changed = tmp_path / "tu-xuyen.yaml"
    changed.write_text(text.replace("deadline: 2024-05-25", "deadline: 2024-05-24"), encoding="utf-8")
    assert dvbot("load", "tu-xuyen-2024")[0] == 0
    assert dvbot("load", str(changed))[0] == 0
    out_file = tmp_path / "out" / "tu-xuyen-2025.yaml"
    code, out = dvbot("rollover", "tu-xuyen-2024", "--year", "2025", "--out", str(out_file))
    assert code == 0, out
    new = load_plan(out_file)
    assert new.code == "tu-xuyen-2025"
    assert str(new.round("6-thang").deadline) == "2025-05-24"


def test_rollover_default_path_is_plans_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.shell.cli.plans.BUNDLED", tmp_path)
    code, out = dvbot("rollover", "tp-tay-ninh-2025", "--year", "2026")
    assert code == 0, out
    assert (tmp_path / "tp-tay-ninh-2026.yaml").exists()


def test_rollover_unknown_code_exits_1() -> None:
    code, out = dvbot("rollover", "khong-co-2025", "--year", "2026")
    assert code == 1 and "no such file or bundled plan" in out


def test_set_deadline_of_a_round_the_plan_gives_no_date(tmp_path: Path) -> None:
    data = yaml.safe_load(bundled_path("tu-xuyen-2024").read_text(encoding="utf-8"))
    data["rounds"][1].update(deadline=None, deadline_text="định kỳ 6 tháng, năm", deadline_kind="by")
    path = tmp_path / "dinh-ky.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out = dvbot("load", str(path))
    assert code == 0, out
    code, out = dvbot("list")
    assert "ca-nam: Báo cáo kết quả công tác dân vận chính quyền năm 2024 — NO DEADLINE (định kỳ 6 tháng, năm)" in out

    code, out = dvbot("set-deadline", "tu-xuyen-2024", "ca-nam", "2024-12-10")
    assert code == 0 and "tu-xuyen-2024 version 2: ca-nam due 10/12/2024" in out, out
    code, out = dvbot("list")
    assert "— due 10/12/2024 (set by an admin)" in out and "NO DEADLINE" not in out
    # set again (the admin's own date), but never over the document's date
    assert dvbot("set-deadline", "tu-xuyen-2024", "ca-nam", "2024-12-12")[0] == 0
    code, out = dvbot("set-deadline", "tu-xuyen-2024", "6-thang", "2024-06-01")
    assert code == 1 and "has the document's deadline" in out
    code, out = dvbot("set-deadline", "tu-xuyen-2024", "nam", "2024-06-01")
    assert code == 1 and "no round 'nam' (rounds: 6-thang, ca-nam)" in out
    code, out = dvbot("set-deadline", "tu-xuyen-2024", "ca-nam", "10/12/2024")
    assert code == 1 and "not a date" in out
    code, out = dvbot("set-deadline", "khong-co", "ca-nam", "2024-12-10")
    assert code == 1 and "no such stored plan" in out
