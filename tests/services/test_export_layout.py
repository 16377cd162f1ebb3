"""The export reads well in Excel: sheets named by round titles within
Excel's rules, a frozen header, filters, fitted widths, dates as
dd/mm/yyyy hh:mm; the CSV opens right in Excel with Vietnamese settings."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
from openpyxl import Workbook

from bot.core.clock import FakeClock
from bot.services.export_sheet import MAX_WIDTH, Sheet, sheet_name
from bot.services.runtime import Runtime
from tests.support.tree import build_tree


def test_sheet_names_keep_excels_rules() -> None:
    taken = {"Tình trạng", "Kế hoạch"}
    assert sheet_name("Báo cáo 6 tháng đầu năm 2025", taken) == "Báo cáo 6 tháng đầu năm 2025"
    assert sheet_name("Kỳ [1]: 6/2025 *tạm*? a\\b", taken) == "Kỳ 1 6 2025 tạm a b"
    long = "Kế hoạch công tác dân vận chính quyền năm 2025 của đơn vị"
    first, second = sheet_name(long, taken), sheet_name(long, taken)
    assert first == "Kế hoạch công tác dân vận chính" and len(first) <= 31
    assert second == "Kế hoạch công tác dân vận (2)" and len(second) <= 31
    assert sheet_name("kế HOẠCH", taken) == "kế HOẠCH (2)"  # Excel compares names ignoring case
    assert sheet_name("'''", taken) == "Sheet"
    assert {first, second, "kế HOẠCH (2)", "Sheet"} <= taken


async def _workbook(rt: Runtime) -> openpyxl.Workbook:
    from bot.shell.cli.admin import export_bytes

    return openpyxl.load_workbook(io.BytesIO(await export_bytes(rt, None, None, None, as_csv=False)))


async def test_every_sheet_has_a_frozen_filtered_fitted_header(rt: Runtime, clock: FakeClock) -> None:
    await build_tree(rt)
    clock.set(dt.datetime(2025, 5, 25, 3, tzinfo=dt.UTC))
    wb = await _workbook(rt)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        widths = [ws.column_dimensions[c].width for c in ws.column_dimensions]
        assert widths and all(6 <= w <= MAX_WIDTH for w in widths), ws.title
        if ws.title == "Kế hoạch":  # the filter sits on the questions table, below the plan's facts
            first, _, last = ws.auto_filter.ref.partition(":")
            assert ws[first].value == "Kỳ báo cáo" and last.endswith(str(ws.max_row))
        else:
            assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}", ws.title
    status = wb["Tình trạng"]
    assert status.column_dimensions["A"].width < status.column_dimensions["B"].width  # codes narrower than names
    dated = [row[7] for row in status.iter_rows(min_row=2) if row[7].value is not None]
    assert dated and all(isinstance(c.value, dt.datetime) and c.number_format == "dd/mm/yyyy hh:mm" for c in dated)
    answers = wb["Báo cáo 6 tháng đầu năm 2025"]
    header = [c.value for c in answers[1]]
    assert max(len(h) for h in header) > MAX_WIDTH  # long question texts are capped, not fitted


def test_a_sheet_shows_dates_and_fits_widths() -> None:
    wb = Workbook(write_only=True)
    sheet = Sheet(wb, "x")
    sheet.header(["Mã", "Ngày ban hành", "Thời điểm nộp", "Ghi chú"])
    sheet.append(["SNV", dt.date(2025, 1, 20), dt.datetime(2025, 5, 19, 9, 5), "x" * 200])
    sheet.close()
    buf = io.BytesIO()
    wb.save(buf)
    ws = openpyxl.load_workbook(buf).active
    assert ws is not None
    day, moment = ws["B2"], ws["C2"]
    assert day.value == dt.datetime(2025, 1, 20) and day.number_format == "dd/mm/yyyy"
    assert moment.value == dt.datetime(2025, 5, 19, 9, 5) and moment.number_format == "dd/mm/yyyy hh:mm"
    assert [ws.column_dimensions[c].width for c in "ABCD"] == [8, 15, 18, MAX_WIDTH]
    assert (ws.freeze_panes, ws.auto_filter.ref) == ("A2", "A1:D2")


async def test_csv_opens_in_vietnamese_excel(rt: Runtime) -> None:
    from bot.shell.cli.admin import export_bytes

    tree = await build_tree(rt, n_so=4, n_xa=10)
    content = await export_bytes(rt, "6-thang", None, None, as_csv=True)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    questions = tree.plan.questions("6-thang")
    assert rows[0][:2] == ["Mã đơn vị", "Tên đơn vị"] and len(rows[0]) == 4 + len(questions)
    fractions = 0
    for r in rows[1:]:
        answers = tree.answers.get(("6-thang", r[0]), {})
        for q, cell in zip(questions, r[4:], strict=True):
            value = answers.get(q.id)
            if str(q.type) in ("integer", "percent", "decimal", "calculated") and value is not None:
                assert "." not in cell and float(cell.replace(",", ".")) == value, (q.id, cell)
                fractions += "," in cell
    assert fractions  # the tree has fractional figures, written with a decimal comma
