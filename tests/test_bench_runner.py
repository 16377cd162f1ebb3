"""make bench prints a table and writes the same rows as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.__main__ import main, table, write_json


def test_the_json_holds_every_row_of_the_table(tmp_path: Path) -> None:
    rows = [("summary total", 2.125, "s", "< 2 s"), ("fuzz problems", 0, "", "0")]
    out = tmp_path / "b" / "bench.json"
    write_json(rows, out, {"bench_admin": 12.3})
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["name"], r["value"], r["unit"], r["target"]) for r in doc["rows"]] == rows
    assert doc["modules"] == {"bench_admin": 12.3} and doc["machine"]["cpus"] >= 1
    text = table(rows)
    assert "summary total" in text and "2.125" in text and "fuzz problems" in text


def test_main_with_no_module_selected_writes_an_empty_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    assert main(["bench_none_such", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["rows"] == []
    assert "benchmark" in capsys.readouterr().out
