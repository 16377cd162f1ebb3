"""The exported workbook opens with openpyxl and holds exactly the stored
answers under the right headers; the CSV of one round likewise."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import openpyxl

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.domain.plan.model import Question
from bot.services.runtime import Runtime
from handlers.router import Router
from tests.conftest import Chat
from tests.support.admin import make_admin
from tests.support.expected import reporting, scores
from tests.support.tree import ROUNDS, Tree, build_tree

# Round sheets are named by the round's title (cut to Excel's 31 characters).
SHEET = {"ke-hoach": "Kế hoạch công tác dân vận chính", "6-thang": "Báo cáo 6 tháng đầu năm 2025",
         "ca-nam": "Báo cáo kết quả công tác dân", "tu-cham-diem": "Tự đánh giá, chấm điểm công tác"}
STATUS_VI = {"not_started": "Chưa bắt đầu", "draft": "Đang làm", "returned": "Bị trả lại",
             "submitted": "Đã nộp", "accepted": "Đã duyệt"}


def expected_cell(q: Question, value: Any) -> Any:
    if value is None:
        return None
    match str(q.type):
        case "choice":
            return next(o.text for o in q.options if o.id == value)
        case "date":
            return dt.datetime.fromisoformat(value)
        case "evidence":
            return value.get("text") if value["kind"] == "text" else (value.get("name") or value.get("url"))
    return value


async def _export(rt: Runtime, router: Router) -> openpyxl.Workbook:
    from bot.shell.cli.admin import export_bytes

    content = await export_bytes(rt, None, None, None, as_csv=False)
    return openpyxl.load_workbook(io.BytesIO(content))


async def test_workbook_holds_exactly_the_stored_answers(rt: Runtime, router: Router, clock: FakeClock) -> None:
    tree = await build_tree(rt)
    clock.set(dt.datetime(2025, 5, 25, 3, tzinfo=dt.UTC))
    wb = await _export(rt, router)
    plan = tree.plan
    assert wb.sheetnames == ["Tình trạng", *(SHEET[r.id] for r in plan.rounds),
                             *(f"Tổng hợp {r.id}" for r in plan.rounds), "Chấm điểm tu-cham-diem", "Kế hoạch"]
    units = reporting(tree, ["TN"])
    for rnd in plan.rounds:
        ws = wb[SHEET[rnd.id]]
        questions = plan.questions(rnd.id, reported=True)  # with what the bot stored itself
        header = [c.value for c in ws[1]]
        assert header == ["Mã đơn vị", "Tên đơn vị", "Trạng thái", "Thời điểm nộp",
                          *(f"{i}. {q.text}" for i, q in enumerate(questions, 1))]
        rows = list(ws.iter_rows(min_row=2))
        assert [r[0].value for r in rows] == units
        for row in rows:
            code = row[0].value
            status = tree.status.get((rnd.id, code), "not_started")
            assert row[2].value == STATUS_VI[status]
            answers = tree.answers.get((rnd.id, code), {})
            for q, cell in zip(questions, row[4:], strict=True):
                if not tree.asked(rnd.id, code, q.id):  # another agency's section
                    assert cell.value == "(không áp dụng)", (rnd.id, code, q.id)
                    continue
                assert cell.value == expected_cell(q, answers.get(q.id)), (rnd.id, code, q.id)
                assert cell.data_type != "f"  # "=SUM(...)" answers stay text
                value = answers.get(q.id)
                if isinstance(value, dict) and value.get("url"):
                    assert cell.hyperlink is not None and cell.hyperlink.target == value["url"]
            at = tree.submitted_at.get((rnd.id, code))
            if at is not None and status != "draft":
                assert row[3].value == at.astimezone(dt.timezone(dt.timedelta(hours=7))).replace(tzinfo=None)
    _check_status_sheet(wb, tree, units)
    _check_scoring_sheet(wb, tree, units)
    _check_totals_sheet(wb, tree, units)
    plan_sheet = {r[0]: r[1] for r in wb["Kế hoạch"].iter_rows(values_only=True) if r and r[0]}
    assert plan_sheet["Mã kế hoạch"] == "tay-ninh-2025" and plan_sheet["Số văn bản"] == "696/KH-UBND"


def _check_status_sheet(wb: openpyxl.Workbook, tree: Tree, units: list[str]) -> None:
    ws = wb["Tình trạng"]
    assert [c.value for c in ws[1]] == ["Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "Kỳ báo cáo",
                                       "Cán bộ phụ trách", "Điện thoại", "Trạng thái", "Thời điểm nộp",
                                       "Số ngày trễ hạn", "Đúng hạn hay trễ"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(units) * len(tree.plan.rounds)
    for row in rows:
        code = row[0]
        assert row[1] == tree.name[code] and row[2] == tree.name[tree.parent[code]]  # type: ignore[index]
        assert row[5] == tree.phone.get(code)
        assert (row[4] is None) == (code not in tree.phone)


def _check_totals_sheet(wb: openpyxl.Workbook, tree: Tree, units: list[str]) -> None:
    ws = wb["Tổng hợp 6-thang"]
    assert [c.value for c in ws[1]] == ["Loại số liệu", "Mã câu hỏi", "Nội dung câu hỏi", "Phạm vi / đơn vị",
                                       "Giá trị", "Số đơn vị", "Ghi chú"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    whole = {r[1]: (r[4], r[5]) for r in rows if r[0] == "Tổng số" and r[3] == "Toàn phạm vi"}
    done = [c for c in units if tree.status.get(("6-thang", c)) in ("submitted", "accepted")]
    for q in tree.plan.questions("6-thang"):
        if str(q.type) == "integer":
            given = [tree.answers[("6-thang", c)][q.id] for c in done if q.id in tree.answers[("6-thang", c)]]
            assert whole[q.id] == (sum(given), len(given)), q.id
    marks = {r[2]: r[4] for r in rows if r[0] == "Nộp báo cáo"}
    assert sum(marks.values()) == len(units)


def _check_scoring_sheet(wb: openpyxl.Workbook, tree: Tree, units: list[str]) -> None:
    ws = wb["Chấm điểm tu-cham-diem"]
    assert [c.value for c in ws[1]] == ["Mã đơn vị", "Tên đơn vị", "Nhóm tiêu chí", "Tiêu chí", "Điểm tối đa",
                                       "Điểm tự chấm", "Điểm thẩm định", "Ghi chú thẩm định", "Xếp loại"]
    totals = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[3] == "Tổng cộng"}
    assert list(totals) == units
    for code in units:
        own, upper = scores(tree, "tu-cham-diem", code)
        assert totals[code][5] == own and totals[code][6] == upper
    n_criteria = len(tree.plan.rubric("qd-908-mau").criteria())
    assert ws.max_row == 1 + len(units) * (n_criteria + 1)


async def test_csv_of_one_round(rt: Runtime, clock: FakeClock) -> None:
    from bot.shell.cli.admin import export_bytes

    tree = await build_tree(rt, n_so=4, n_xa=10)
    content = await export_bytes(rt, "6-thang", None, "S02", as_csv=True, plain=True)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    questions = tree.plan.questions("6-thang")
    assert rows[0][4:] == [f"{i}. {q.text}" for i, q in enumerate(questions, 1)]
    assert [r[0] for r in rows[1:]] == sorted(tree.subtree("S02"))
    for r in rows[1:]:
        answers = tree.answers.get(("6-thang", r[0]), {})
        for q, cell in zip(questions, r[4:], strict=True):
            value = answers.get(q.id)
            if not tree.asked("6-thang", r[0], q.id):  # another agency's section
                assert cell == "(không áp dụng)", (r[0], q.id)
            elif isinstance(value, str) and value.startswith("="):
                assert cell == "'" + value  # never a formula in Excel
            elif str(q.type) in ("integer", "percent", "decimal", "calculated") and value is not None:
                assert float(cell) == value
            elif str(q.type) == "date" and value is not None:
                assert cell == dt.date.fromisoformat(value).strftime("%d/%m/%Y")
            elif str(q.type) != "evidence":
                want = expected_cell(q, value)
                assert cell == ("" if want is None else want), q.id


async def test_export_in_chat_sends_the_workbook(rt: Runtime, router: Router, codes: dict[str, str]) -> None:
    await make_admin(rt, "boss", "SNV", channel="zalo")
    admin = Chat(router, "boss", channel=Channel.ZALO)
    text = await admin.say("/xuat 6-thang")
    [reply] = admin.last
    assert reply.document is not None and reply.document[0] == "bao-cao-6-thang.xlsx"
    assert "1 đơn vị" in text
    wb = openpyxl.load_workbook(io.BytesIO(reply.document[1]))
    assert [r[0] for r in wb[SHEET["6-thang"]].iter_rows(min_row=2, values_only=True)] == ["SNV"]
    assert {SHEET[r] for r in ROUNDS} - set(wb.sheetnames) == {SHEET["tu-cham-diem"]}  # one round asked, one sheet
