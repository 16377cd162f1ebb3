"""make bench prints a table and writes the same rows as JSON
(``bench-results.json``): each row with whether it met its goal, each module
run in its own process with its peak RSS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.__main__ import DEFAULT_OUT, main, met, run_child, table, write_json


def test_the_json_holds_every_row_of_the_table(tmp_path: Path) -> None:
    rows = [("summary total", 2.125, "s", "< 2 s"), ("fuzz problems", 0, "", "0")]
    out = tmp_path / "b" / "bench.json"
    write_json(rows, out, {"bench_admin": 12.3}, modules={"summary total": "bench_admin"},
               rss={"bench_admin": 150.0})
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["name"], r["value"], r["unit"], r["target"]) for r in doc["rows"]] == rows
    assert [r["met"] for r in doc["rows"]] == [False, True]
    assert doc["rows"][0]["module"] == "bench_admin" and "module" not in doc["rows"][1]
    assert doc["modules"] == {"bench_admin": 12.3} and doc["machine"]["cpus"] >= 1
    assert doc["peak_rss_mb"] == {"bench_admin": 150.0}
    text = table(rows)
    assert "summary total" in text and "2.125" in text and "fuzz problems" in text


@pytest.mark.parametrize(("value", "target", "expected"), [
    (0.4, "< 0.5 s", True), (0.5, "< 0.5 s", False), (0.5, "<= 0.5 s", True),
    (31.0, "> 30 msg/s", True), (29.9, ">= 28.5 (95 % of its cap)", True), (28.4, ">= 28.5", False),
    (0, "0", True), (2, "0", False), (1, "1", True), (1, "= 1", True), (150.2, "< 200 MB", True),
    (3.0, "setup", None), (20.1, "~ 20 s", None), (3, "<= kills", None), ("x", "< 1", None),
    (12.0, "< 20 MB (Telegram/Zalo file limits)", True),
])
def test_met_reads_the_goal_from_the_target(value: object, target: str, expected: bool | None) -> None:
    assert met(value, target) is expected


def test_a_module_runs_in_its_own_process_with_its_peak_rss() -> None:
    rows, peak_mb = run_child("tests.support.bench_fake")
    assert rows == [("fake: held", 64, "MB", "= 64"), ("fake: no goal", 1.5, "s", "setup")]
    assert peak_mb >= 64  # the child's own peak, read by the runner


def test_a_failing_module_is_a_row_not_a_crash() -> None:
    rows, _ = run_child("tests.support.no_such_bench")
    assert rows[0][0].endswith("failed") and rows[0][1] != 0


def test_main_with_no_module_selected_writes_an_empty_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    assert main(["bench_none_such", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["rows"] == []
    assert "benchmark" in capsys.readouterr().out
    assert DEFAULT_OUT == Path("bench-results.json")
