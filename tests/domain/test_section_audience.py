"""Sections asked of some units only (``applies_to`` on a section): the one
rule (:func:`bot.domain.units.asked`), the questions a unit is asked, and the
summary, totals and review that follow it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from bot.domain.checklist.walk import missing_required, number_of, review_items
from bot.domain.plan.loader import load_plan
from bot.domain.plan.model import Audience, Plan
from bot.domain.reports import PlanVersion, RoundData
from bot.domain.summary import summarize
from bot.domain.totals import compute_totals
from bot.domain.units import UnitInfo, asked
from tests.conftest import PLANS
from tests.domain.test_question_registry import Sub

STATUS = [{"id": "da", "text": "Đã thực hiện"}, {"id": "chua", "text": "Chưa thực hiện"}]


def plan() -> Plan:
    return Plan.model_validate({
        "schema_version": 1, "code": "thu", "title": "Kế hoạch thử", "year": 2025, "level": "tinh",
        "document": {"issuer": "UBND tỉnh", "blank_reason": "để trống trong văn bản"},
        "rounds": [{
            "id": "bao-cao", "title": "Báo cáo", "deadline": "2025-06-20",
            "sections": [
                {"id": "chung", "title": "Chung", "questions": [
                    {"id": "chung.trien-khai", "type": "choice", "text": "Đã triển khai?", "options": STATUS}]},
                {"id": "thanh-tra", "title": "Nhiệm vụ của Thanh tra tỉnh", "source": "IV.2.c",
                 "applies_to": {"types": ["thanh-tra"], "source": "IV.2.c"}, "questions": [
                     {"id": "thanh-tra.ton-dong", "type": "choice", "text": "Còn đơn thư tồn đọng?",
                      "options": [{"id": "khong", "text": "Không"}, {"id": "co", "text": "Có"}],
                      "target": {"equals": "khong"}},
                     {"id": "thanh-tra.so-cuoc", "type": "integer", "text": "Số cuộc kiểm tra"}]},
                {"id": "xa", "title": "Nhiệm vụ của cấp xã", "applies_to": {"levels": ["xa"]}, "questions": [
                    {"id": "xa.hoa-giai", "type": "integer", "text": "Số vụ hòa giải"}]},
                {"id": "cuoi", "title": "Đánh giá", "questions": [
                    {"id": "cuoi.kho-khan", "type": "text", "text": "Khó khăn", "required": False}]},
            ],
        }],
    })


INSPECTORATE = UnitInfo(2, "TTT", "Thanh tra tỉnh", 1, "so", type="thanh-tra")
FINANCE = UnitInfo(3, "STC", "Sở Tài chính", 1, "so")
COMMUNE = UnitInfo(4, "X-A", "UBND xã A", 1, "xa")
TREE = {1: UnitInfo(1, "TN", "UBND tỉnh", None, "tinh"), 2: INSPECTORATE, 3: FINANCE, 4: COMMUNE}


def ids(unit: UnitInfo | None) -> list[str]:
    return [q.id for q in plan().questions("bao-cao", unit=unit)]


def test_the_rule_reads_levels_or_types() -> None:
    by_type = Audience(types=["thanh-tra"])
    assert asked(INSPECTORATE, by_type) and not asked(FINANCE, by_type) and not asked(COMMUNE, by_type)
    assert asked(UnitInfo(9, "T", "T", None, "so", type="Thanh-Tra"), by_type)  # case-insensitive
    both = Audience(levels=["xa"], types=["thanh-tra"])  # either list names the unit
    assert asked(COMMUNE, both) and asked(INSPECTORATE, both) and not asked(FINANCE, both)
    assert asked(FINANCE, None)  # a section without applies_to: every unit
    assert asked(None, by_type)  # no unit: the whole plan (export columns, the plan sheet)


def test_applies_to_must_name_someone() -> None:
    with pytest.raises(ValidationError, match="names no unit level and no unit type"):
        Audience()
    with pytest.raises(ValidationError):
        Audience(types=["Thanh Tra"])  # a type is an id: lower case, no spaces


def test_a_unit_is_asked_only_its_sections() -> None:
    assert ids(INSPECTORATE) == ["chung.trien-khai", "thanh-tra.ton-dong", "thanh-tra.so-cuoc", "cuoi.kho-khan"]
    assert ids(FINANCE) == ["chung.trien-khai", "cuoi.kho-khan"]
    assert ids(COMMUNE) == ["chung.trien-khai", "xa.hoa-giai", "cuoi.kho-khan"]
    assert len(ids(None)) == 5


def test_the_review_numbers_and_missing_follow_the_unit() -> None:
    p = plan()
    finance = p.questions("bao-cao", unit=FINANCE)
    assert [it.number for it in review_items(finance, {})] == [1, 2]
    assert number_of(finance, "cuoi.kho-khan") == 2 and number_of(finance, "thanh-tra.so-cuoc") == 0
    assert [it.question_id for it in missing_required(finance, {"chung.trien-khai": "da"})] == []
    inspectorate = p.questions("bao-cao", unit=INSPECTORATE)
    assert [it.question_id for it in missing_required(inspectorate, {"chung.trien-khai": "da"})] == [
        "thanh-tra.ton-dong", "thanh-tra.so-cuoc"]


def test_the_bundled_province_plan_asks_the_inspectorate_its_duties() -> None:
    p = load_plan(PLANS / "tay-ninh-2025.yaml")
    for rid in ("6-thang", "ca-nam"):
        ins = {q.id for q in p.questions(rid, unit=INSPECTORATE)}
        fin = {q.id for q in p.questions(rid, unit=FINANCE)}
        assert "nv-thanh-tra.ton-dong" in ins and "nv-thanh-tra.ton-dong" not in fin
        assert not any(q.startswith("nv-") for q in fin)  # a sở without a type: none of IV.2's
        assert ins - fin == {q.id for s in p.round(rid).sections if s.id == "nv-thanh-tra" for q in s.questions}
    huyen = UnitInfo(5, "H", "UBND huyện", 1, "huyen")
    assert "nv-ubnd-huyen.dan-chu-co-so" in {q.id for q in p.questions("6-thang", unit=huyen)}


def data(answers: dict[int, dict[str, Any]]) -> RoundData:
    pv = PlanVersion(1, "thu", 1, "0" * 64, dt.datetime(2025, 1, 2, tzinfo=dt.UTC), plan())
    at = dt.datetime(2025, 6, 1, 3, tzinfo=dt.UTC)
    units = [INSPECTORATE, FINANCE, COMMUNE]
    return RoundData(pv, "bao-cao", [1], TREE, units, subs={u.id: Sub(u.id, "submitted", at) for u in units},
                     answers=answers, today=dt.date(2025, 6, 2))


def test_totals_count_a_section_on_the_units_it_is_asked_of() -> None:
    # the sở of finance holds a stale answer to the Inspectorate's section (a plan
    # version where it applied, say): it counts nowhere
    d = data({2: {"chung.trien-khai": "da", "thanh-tra.ton-dong": "khong", "thanh-tra.so-cuoc": 4},
              3: {"chung.trien-khai": "da", "thanh-tra.ton-dong": "co", "thanh-tra.so-cuoc": 50},
              4: {"chung.trien-khai": "chua", "xa.hoa-giai": 7}})
    totals = compute_totals(d)
    target = next(a for a in totals.attainment if a.id == "thanh-tra.ton-dong")
    assert (target.applies, target.met, target.pct) == (1, 1, 100.0)
    count = totals.count("thanh-tra.so-cuoc")
    assert count is not None and (count.total, count.units) == (4, 1)
    hoa_giai = totals.count("xa.hoa-giai")
    assert hoa_giai is not None and (hoa_giai.total, hoa_giai.units, hoa_giai.by_level) == (7, 1, (("xa", 7),))
    assert d.asked_answers(3) == {"chung.trien-khai": "da"}
    summary = summarize(d)
    row = next(r for r in summary.numeric if r["id"] == "thanh-tra.so-cuoc")
    assert row["n"] == 1 and row["max"] == 4
    finance = next(u for u in summary.units if u.unit == "STC")
    assert (finance.total, finance.answered) == (2, 1)  # its review: the two questions asked of it
    assert finance.answers == {"chung.trien-khai": "da"}
