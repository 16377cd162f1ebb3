"""The importer on plans unlike the seeds: blank number and date, deadlines
without a year, no deadlines at all, parts named differently and numbered
with gaps, every target form; and texts that are not plans."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.errors import NotAPlan
from bot.domain.plan.ingest import import_plan
from bot.domain.plan.ingest.targets import read_target
from bot.domain.plan.loader import load_plan_data
from bot.domain.plan.model import Plan
from locales import t

HEADER = """ỦY BAN NHÂN DÂN XÃ HÒA BÌNH
Số: {number}
Hòa Bình, ngày {date}

KẾ HOẠCH
Thực hiện công tác dân vận chính quyền năm 2026 trên địa bàn xã Hòa Bình

Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2026 của UBND tỉnh về công tác dân vận chính quyền năm 2026.
"""
BODY = """
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức về công tác dân vận.

II. NỘI DUNG THỰC HIỆN
1. Tuyên truyền, quán triệt
- Tổ chức quán triệt các văn bản về công tác dân vận.
- Phân công công chức phụ trách công tác dân vận.
2. Thực hiện dân chủ ở cơ sở
- Tiếp công dân định kỳ theo quy định.

III. TỔ CHỨC THỰC HIỆN
1. Giao Văn phòng tham mưu, theo dõi và có trách nhiệm: {duty}

Nơi nhận:
- UBND huyện;
- Lưu: VT.

CHỦ TỊCH
"""


def draft(text: str, year: int | None = None) -> tuple[Plan, object]:
    result = import_plan(text, t, year=year)
    return load_plan_data(result.draft, "case"), result


def plan_text(number: str = "39a/KH-UBND", date: str = "15 tháng 01 năm 2026",
              duty: str = "Báo cáo về UBND huyện trước ngày 20/6/2026.") -> str:
    return HEADER.format(number=number, date=date) + BODY.format(duty=duty)


def test_a_number_with_a_letter_and_the_issuer_line_are_read() -> None:
    plan, _ = draft(plan_text())
    assert plan.document.number == "39a/KH-UBND"
    assert plan.document.date == dt.date(2026, 1, 15)
    assert plan.document.issuer == "UBND xã Hòa Bình" and plan.level == "xa"
    assert plan.document.implements[0].number == "12/KH-UBND"


def test_blank_number_and_date_stay_blank_and_are_not_taken_from_the_base_plan() -> None:
    plan, result = draft(plan_text(number="/KH-UBND", date="tháng năm 2026"))
    assert plan.document.number is None and plan.document.date is None
    assert plan.document.blank_reason == t("ingest.blank.left_blank")
    assert plan.document.implements[0].date == dt.date(2026, 1, 10)  # the base plan's, kept apart
    assert {"number", "date"} <= set(result.preview.missing)  # type: ignore[attr-defined]
    assert plan.year == 2026  # from the title, flagged
    assert "year_from_title" in [f for e in result.preview.inferred for f in e.flags]  # type: ignore[attr-defined]


def test_deadlines_without_a_year_take_the_plans_and_say_so() -> None:
    duty = "Báo cáo kết quả (trước ngày 05 tháng 6) đối với báo cáo 6 tháng; báo cáo năm trước ngày 20/11."
    plan, result = draft(plan_text(duty=duty))
    assert plan.round("6-thang").deadline == dt.date(2026, 6, 5)
    assert plan.round("6-thang").deadline_kind == "before"
    assert plan.round("6-thang").deadline_text == "trước ngày 05 tháng 6 đối với báo cáo 6 tháng"
    assert plan.round("ca-nam").deadline == dt.date(2026, 11, 20)
    flags = [e.flags for e in result.preview.deadlines]  # type: ignore[attr-defined]
    assert flags and all("year_inferred" in f for f in flags)
    assert [e.what for e in result.preview.inferred].count("deadline_year") == 2  # type: ignore[attr-defined]


def test_chậm_nhất_and_hạn_are_by_trước_is_before() -> None:
    duty = ("Gửi kế hoạch về UBND huyện chậm nhất ngày 28/3/2026. Báo cáo 6 tháng: Trước ngày 20/5/2026. "
            "Báo cáo năm: hạn 15/11/2026.")
    plan, _ = draft(plan_text(duty=duty))
    assert [(r.id, r.deadline_kind) for r in plan.rounds] == [("ke-hoach", "by"), ("6-thang", "before"), ("ca-nam", "by")]
    assert plan.round("6-thang").deadline_text == "Trước ngày 20/5/2026"
    assert plan.round("ke-hoach").recipient == "UBND huyện"
    assert plan.round("6-thang").reporters.who == "self"  # a commune's report goes to the district


def test_periodic_reports_without_dates_are_rounds_without_a_deadline_flagged() -> None:
    plan, result = draft(plan_text(duty="Báo cáo định kỳ 6 tháng, năm về UBND huyện."))
    assert [r.id for r in plan.undated_rounds] == ["6-thang", "ca-nam"]
    assert plan.dated_rounds == []
    assert plan.round("6-thang").deadline_text == "định kỳ 6 tháng, năm"
    assert {"deadline:6-thang", "deadline:ca-nam"} <= set(result.preview.missing)  # type: ignore[attr-defined]


def test_quarterly_and_relative_forms_are_kept_as_text_with_a_flag() -> None:
    duty = "Báo cáo hằng quý về UBND huyện; báo cáo đột xuất trong vòng 05 ngày kể từ khi có yêu cầu."
    plan, result = draft(plan_text(duty=duty))
    assert plan.round("quy").undated and plan.round("quy").deadline_text == "hằng quý"
    flags = {f for e in result.preview.deadlines for f in e.flags}  # type: ignore[attr-defined]
    assert {"quarterly", "relative"} <= flags


def test_a_plan_with_no_deadline_at_all_validates_with_no_rounds() -> None:
    plan, result = draft(plan_text(duty="Theo dõi, đôn đốc việc thực hiện kế hoạch."))
    assert plan.rounds == []
    assert "deadlines" in result.preview.missing  # type: ignore[attr-defined]


GAPPED = """UBND PHƯỜNG AN LỘC
Số: 7/KH-UBND
An Lộc, ngày 02 tháng 02 năm 2026
KẾ HOẠCH
Công tác dân vận chính quyền năm 2026

Phần I: MỤC TIÊU
Nâng cao hiệu quả công tác dân vận.

Phần III: NHIỆM VỤ VÀ GIẢI PHÁP
1. Cải cách hành chính
1.1 Rà soát thủ tục hành chính
+ Niêm yết công khai thủ tục.
+ Giải quyết hồ sơ đúng hạn.
3. Dân vận khéo
Xây dựng ít nhất 01 mô hình "Dân vận khéo". Nhân rộng các điển hình tiên tiến.

V. TỔ CHỨC THỰC HIỆN
a) Văn phòng
- Báo cáo kết quả về UBND thành phố trước ngày 25/11/2026 đối với báo cáo năm.
"""


def test_parts_named_differently_and_numbered_with_gaps() -> None:
    plan, result = draft(GAPPED)
    rnd = plan.round("ca-nam")
    assert [(s.title, s.source) for s in rnd.sections] == [("Cải cách hành chính", "III.1"), ("Dân vận khéo", "III.3")]
    tasks = [q.text for q in rnd.sections[0].questions if q.type == "choice"]
    assert [x.split(": ", 1)[1] for x in tasks] == ["Niêm yết công khai thủ tục.", "Giải quyết hồ sơ đúng hạn."]
    sentences = [q.text.split(": ", 1)[1] for q in rnd.sections[1].questions if q.type == "choice"]
    assert sentences == ['Xây dựng ít nhất 01 mô hình "Dân vận khéo".', "Nhân rộng các điển hình tiên tiến."]
    counted = [q for q in rnd.sections[1].questions if q.type == "integer"]
    assert counted[0].target is not None and counted[0].target.min == 1
    assert rnd.source == "V.a" and rnd.reporters.who == "self" and plan.level == "xa"
    assert plan.targets == [] and "targets" in result.preview.missing  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "bounds", "kind"), [
    ("100% cán bộ được học tập", {"min": 100.0}, "percent"),
    ("Phấn đấu có trên 90% đơn vị xếp loại Tốt", {"min": 90.0, "strict": True}, "percent"),
    ("Tỷ lệ hồ sơ trễ hạn dưới 5%", {"max": 5.0, "strict": True}, "percent"),
    ("Xây dựng ít nhất 01 mô hình Dân vận khéo", {"min": 1.0}, "count"),
    ("Kiên quyết không để xảy ra điểm nóng", {"max": 0.0}, "count"),
    ("Nâng cao chỉ số cải cách hành chính so với năm 2024", {}, "text"),
])
def test_target_forms(text: str, bounds: dict[str, object], kind: str) -> None:
    reading = read_target(text)
    assert (reading.kind, reading.bounds) == (kind, bounds)
    assert reading.compared == ("so với năm" in text)


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty"),
    ("   \n\n  ", "empty"),
    ("Biên bản họp chi bộ tháng 3.\n\nNội dung cuộc họp: bàn về công tác quý II.\n- Ý kiến của các đồng chí.", "no_content"),
    ("Hôm nay trời đẹp. Chúng tôi đi chơi công viên và ăn kem.", "no_content"),
    (plan_text().replace("ngày 15 tháng 01 năm 2026", "ngày tháng năm").replace("năm 2026 trên", "trên"), "no_year"),
])
def test_a_text_that_is_not_a_plan_gets_a_clear_reason(text: str, reason: str) -> None:
    with pytest.raises(NotAPlan) as caught:
        import_plan(text, t)
    assert caught.value.params["reason"] == reason
    assert t(f"ingest.not_a_plan.{reason}")
