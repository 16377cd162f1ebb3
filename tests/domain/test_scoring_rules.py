"""A scoring table as the document words it (issue #13): each criterion's
``rule`` (shown with its question), points per option, the ``appraiser``,
band conditions ("không xếp loại Tốt nếu …"), and bands read on the
applicable maximum when a criterion does not apply to the unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from bot.domain.entities import Appraisal
from bot.domain.plan.model import Criterion, QuestionType, Rubric, rubric_questions
from bot.domain.scoring import score_unit

RULE = "đủ 100%: 2 điểm; dưới 100%: 0"


def rubric(**band_extra: Any) -> Rubric:
    return Rubric.model_validate({
        "id": "thu", "total_points": 20,
        "bands": [{"label": "Tốt", "min": 18, **band_extra}, {"label": "Khá", "min": 14},
                  {"label": "Trung bình", "min": 10}, {"label": "Yếu", "min": 0}],
        "groups": [{"id": "g", "title": "Nhóm", "criteria": [
            {"id": "quan-triet", "text": "Quán triệt cho cán bộ", "max_points": 2, "rule": RULE,
             "options": [{"id": "du", "text": "Đủ 100%", "points": 2}, {"id": "duoi", "text": "Dưới 100%", "points": 0}]},
            {"id": "thu-tuc", "text": "Giải quyết thủ tục hành chính đúng hạn", "max_points": 8,
             "appraiser": "Sở Nội vụ",
             "options": [{"id": "du", "text": "100% đúng hạn", "points": 8},
                         {"id": "phan-lon", "text": "Từ 90%", "points": 4},
                         {"id": "khong-ap-dung", "text": "Không giải quyết thủ tục hành chính", "not_applicable": True}]},
            {"id": "tiep-dan", "text": "Tiếp công dân", "max_points": 10, "appraiser": "Thanh tra tỉnh",
             "rule": "mỗi kỳ thiếu trừ 2 điểm"},
        ]}],
    })


def answers(quan_triet: str = "du", thu_tuc: str = "du", tiep_dan: float = 10) -> dict[str, Any]:
    return {"diem.g.quan-triet": quan_triet, "diem.g.thu-tuc": thu_tuc, "diem.g.tiep-dan": tiep_dan}


def test_a_criterion_is_asked_with_its_rule_and_its_options() -> None:
    q1, q2, q3 = rubric_questions(rubric())
    assert (q1.type, q1.help, [o.points for o in q1.options]) == (QuestionType.CHOICE, RULE, [2, 0])
    assert q2.type == QuestionType.CHOICE and q2.options[-1].not_applicable
    assert (q3.type, q3.help, q3.max) == (QuestionType.DECIMAL, "mỗi kỳ thiếu trừ 2 điểm", 10)
    assert [c.appraiser for c in rubric().criteria()] == [None, "Sở Nội vụ", "Thanh tra tỉnh"]


def test_a_choice_criterion_scores_its_options_points() -> None:
    score = score_unit(rubric(), answers(quan_triet="duoi", thu_tuc="phan-lon", tiep_dan=9), {})
    assert [c.self_points for c in score.criteria] == [0, 4, 9]
    assert score.self_total == 13 and score.band is not None and score.band.label == "Trung bình"


def test_option_points_must_fit_the_criterion() -> None:
    with pytest.raises(ValidationError, match="needs points between 0 and 2"):
        Criterion(id="x", text="x", max_points=2, options=[{"id": "a", "text": "a", "points": 3}])
    with pytest.raises(ValidationError, match="needs points"):
        Criterion(id="x", text="x", max_points=2, options=[{"id": "a", "text": "a"}])
    with pytest.raises(ValidationError, match="does not apply, so it has no points"):
        Criterion(id="x", text="x", max_points=2, options=[{"id": "a", "text": "a", "points": 1, "not_applicable": True}])
    penalty = Criterion(id="p", text="Trễ hạn", max_points=1, kind="penalty", rule="mỗi ngày trễ trừ 0,25",
                        options=[{"id": "dung-han", "text": "Đúng hạn", "points": 0},
                                 {"id": "tre", "text": "Trễ", "points": -1}])
    assert penalty.option_points("tre") == -1


def test_bands_are_read_on_the_applicable_maximum() -> None:
    # 12 of the 12 points that apply (the 8 of administrative procedures do not)
    score = score_unit(rubric(), answers(thu_tuc="khong-ap-dung"), {})
    assert (score.self_total, score.self_max, score.applicable_max) == (12, 12, 12)
    assert score.self_scaled == 20 and score.band is not None and score.band.label == "Tốt"
    assert not score.criteria[1].applies and score.criteria[1].self_points is None
    # the same 12 points where the criterion applies and was left unscored: 12 of 20
    full = score_unit(rubric(), answers() | {"diem.g.thu-tuc": None}, {})
    assert (full.self_total, full.self_max, full.applicable_max) == (12, 20, 20)
    assert full.band is not None and full.band.label == "Trung bình"


def test_an_appraised_total_is_banded_on_the_applicable_maximum() -> None:
    at = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
    marks = {"g.tiep-dan": Appraisal("g.tiep-dan", 8, None, "console:boss", at)}
    score = score_unit(rubric(), answers(thu_tuc="khong-ap-dung"), marks)
    assert score.appraised_total == 10  # 2 + 8
    # 10 of 12 applicable is 16.67 on the 20-point scale: Khá (not Trung bình, as 10 of 20 would be)
    assert score.band is not None and score.band.label == "Khá"


def test_a_band_condition_caps_the_band() -> None:
    cond = {"criterion": "g.quan-triet", "below": 2, "text": "Không xếp loại Tốt nếu chưa quán triệt đủ 100%"}
    capped = rubric(not_if=[cond])
    high = answers(quan_triet="duoi", tiep_dan=10)  # 0 + 8 + 10 = 18: Tốt by points
    score = score_unit(capped, high, {})
    assert score.band is not None and score.band.label == "Khá"
    assert score.capped_by is not None and score.capped_by.text == cond["text"]
    ok = score_unit(capped, answers(), {})  # 20 points, the condition not met: Tốt
    assert ok.band is not None and ok.band.label == "Tốt" and ok.capped_by is None
    low = score_unit(capped, answers(quan_triet="duoi", tiep_dan=5), {})  # 13: Trung bình by points alone
    assert low.band is not None and low.band.label == "Trung bình" and low.capped_by is None
    # the appraised points are the ones a condition reads
    at = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
    marks = {"g.quan-triet": Appraisal("g.quan-triet", 2, None, "console:boss", at)}
    assert score_unit(capped, high, marks).band.label == "Tốt"  # type: ignore[union-attr]


def test_a_band_condition_names_a_criterion_of_the_rubric() -> None:
    with pytest.raises(ValidationError, match=r"unknown criterion 'g\.khong-co'"):
        rubric(not_if=[{"criterion": "g.khong-co", "below": 1}])

