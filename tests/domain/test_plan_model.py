"""The plan model and loader: errors name the file and the path; rollover; hash."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.errors import PlanError
from bot.domain.plan.loader import (
    dump_plan,
    load_plan,
    load_plan_data,
    load_plan_text,
    plan_hash,
    rollover,
)
from bot.domain.plan.model import Plan, QuestionType

STATUS = [
    {"id": "da", "text": "Đã thực hiện", "text_en": "Done"},
    {"id": "dang", "text": "Đang thực hiện", "text_en": "In progress"},
    {"id": "chua", "text": "Chưa thực hiện", "text_en": "Not started"},
]


def minimal() -> dict[str, Any]:
    # Long on purpose: one literal plan, read top to bottom like a plan file.
    return {
        "schema_version": 1,
        "code": "thu-2024",
        "title": "Kế hoạch thử",
        "document": {"number": "1/KH-UBND", "date": "2024-02-29", "issuer": "UBND xã Thử"},
        "year": 2024,
        "level": "xa",
        "targets": [{"min": 100, "source": "III.1", "text": "100% cán bộ được quán triệt"}],
        "rounds": [
            {
                "id": "6-thang",
                "title": "Báo cáo 6 tháng",
                "deadline": "2024-05-20",
                "deadline_text": "Trước ngày 20/5/2024",
                "sections": [
                    {
                        "id": "quan-triet",
                        "title": "Quán triệt",
                        "source": "II.1",
                        "questions": [
                            {
                                "id": "quan-triet.trien-khai",
                                "type": "choice",
                                "text": "Đã quán triệt chưa?",
                                "options": copy.deepcopy(STATUS),
                            },
                            {
                                "id": "quan-triet.ty-le",
                                "type": "percent",
                                "text": "Tỷ lệ được quán triệt",
                                "when": {"quan-triet.trien-khai": ["da", "dang"]},
                                "target": {"min": 100, "source": "III.1"},
                            },
                        ],
                    }
                ],
            },
            {
                "id": "tu-cham-diem",
                "title": "Tự chấm điểm",
                "kind": "scoring",
                "deadline": "2024-11-15",
                "rubric": "mau",
            },
        ],
        "rubrics": [
            {
                "id": "mau",
                "sample": True,
                "bands": [{"label": "Tốt", "min": 90}, {"label": "Yếu", "min": 0}],
                "groups": [
                    {
                        "id": "lanh-dao",
                        "title": "Lãnh đạo",
                        "criteria": [
                            {"id": "ke-hoach", "text": "Kế hoạch", "max_points": 90, "evidence": True},
                            {"id": "cap-tren", "text": "Cấp trên", "max_points": 10,
                             "upper_level_only": True},
                            {"id": "tru", "text": "Trễ hạn", "max_points": 5, "kind": "penalty"},
                        ],
                    }
                ],
            }
        ],
    }


def write(tmp_path: Path, data: Any, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(PlanError) as info:
        load_plan(path)
    return str(info.value)


def questions(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["rounds"][0]["sections"][0]["questions"]


def test_minimal_plan_loads_and_flattens_the_rubric(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path, minimal()))
    assert [q.id for q in plan.questions("6-thang")] == ["quan-triet.trien-khai", "quan-triet.ty-le"]
    scoring = plan.questions("tu-cham-diem")
    # upper-level-only points are never self-scored; evidence follows its criterion
    assert [q.id for q in scoring] == [
        "diem.lanh-dao.ke-hoach",
        "diem.lanh-dao.ke-hoach.minh-chung",
        "diem.lanh-dao.tru",
    ]
    assert scoring[0].type is QuestionType.DECIMAL and scoring[0].upper_bound == 90
    assert (scoring[2].min, scoring[2].max) == (-5, 0)


def test_when_naming_a_later_question_is_refused(tmp_path: Path) -> None:
    data = minimal()
    qs = questions(data)
    qs[0]["when"] = {"quan-triet.ty-le": ["da"]}
    qs[1].pop("when")
    path = write(tmp_path, data, "later.yaml")
    msg = error_of(path)
    assert str(path) in msg
    assert "'quan-triet.trien-khai' 'when' names 'quan-triet.ty-le'" in msg
    assert "not an earlier question" in msg


def test_when_naming_an_unknown_option_is_refused(tmp_path: Path) -> None:
    data = minimal()
    questions(data)[1]["when"] = {"quan-triet.trien-khai": ["co"]}
    msg = error_of(write(tmp_path, data))
    assert "plan.yaml" in msg and "unknown: ['co']" in msg


def test_choice_with_one_option_names_the_path(tmp_path: Path) -> None:
    data = minimal()
    questions(data)[0]["options"] = STATUS[:1]
    path = write(tmp_path, data, "one-option.yaml")
    msg = error_of(path)
    assert f"{path}: rounds.0.sections.0.questions.0: " in msg
    assert "at least 2 options" in msg


def test_unknown_field_names_the_path(tmp_path: Path) -> None:
    data = minimal()
    questions(data)[1]["colour"] = "red"
    path = write(tmp_path, data, "extra.yaml")
    msg = error_of(path)
    assert f"{path}: rounds.0.sections.0.questions.1.colour: Extra inputs are not permitted" in msg


def test_bad_id_and_percent_bound(tmp_path: Path) -> None:
    data = minimal()
    questions(data)[1]["id"] = "Quan Triet"
    questions(data)[0]["max"] = 5
    data["rounds"][0]["sections"][0]["questions"].append(
        {"id": "quan-triet.x", "type": "percent", "text": "x", "max": 120}
    )
    msg = error_of(write(tmp_path, data))
    assert "rounds.0.sections.0.questions.1.id" in msg
    assert "rounds.0.sections.0.questions.2" in msg and "percent bounds" in msg


@pytest.mark.parametrize("version", [2, None, "1"])
def test_bad_schema_version(tmp_path: Path, version: Any) -> None:
    data = minimal()
    if version is None:
        data.pop("schema_version")
    else:
        data["schema_version"] = version
    path = write(tmp_path, data, "version.yaml")
    msg = error_of(path)
    assert msg.startswith(f"{path}: schema_version: unsupported value {version!r}")


def test_bad_yaml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "schema_version: 1\ncode: [unclosed\n", "broken.yaml")
    msg = error_of(path)
    assert msg.startswith(f"{path}: not valid YAML")


def test_not_a_mapping_and_missing_file(tmp_path: Path) -> None:
    assert "a plan must be a mapping" in error_of(write(tmp_path, "- 1\n- 2\n", "list.yaml"))
    missing = tmp_path / "nope.yaml"
    assert error_of(missing).startswith(f"{missing}: cannot read")


def test_unknown_rubric_and_duplicate_question(tmp_path: Path) -> None:
    data = minimal()
    data["rounds"][1]["rubric"] = "khac"
    assert "names unknown rubric 'khac'" in error_of(write(tmp_path, data))
    data = minimal()
    questions(data)[1]["id"] = "quan-triet.trien-khai"
    questions(data)[1].pop("when")
    assert "duplicate question id 'quan-triet.trien-khai'" in error_of(write(tmp_path, data))


def _dates(value: Any, path: str = "") -> dict[str, dt.date]:
    out: dict[str, dt.date] = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(_dates(v, f"{path}.{k}"))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.update(_dates(v, f"{path}.{i}"))
    elif isinstance(value, str):
        try:
            out[path] = dt.date.fromisoformat(value)
        except ValueError:
            pass
    return out


@pytest.mark.parametrize("year", [2025, 2026, 2023])
def test_rollover_moves_every_plan_date_and_renames(year: int) -> None:
    plan = load_plan_data(minimal())
    new = rollover(plan, year)
    assert new.code == f"thu-{year}" and new.year == year
    before, after = _dates(plan.to_data()), _dates(new.to_data())
    assert before.keys() == after.keys() and len(before) == 3
    # The document is last year's: its real date stays (a moved one would be invented).
    assert after.pop(".document.date") == before.pop(".document.date")
    for where, old in before.items():
        moved = after[where]
        assert moved.year == old.year + (year - 2024), where
        if (old.month, old.day) == (2, 29) and moved.year % 4:
            assert (moved.month, moved.day) == (2, 28)  # no 29/2 in that year
        else:
            assert (moved.month, moved.day) == (old.month, old.day), where
    assert new.round("6-thang").deadline_text == f"Trước ngày 20/5/{year}"
    # the copy is a valid plan that dumps and reloads to the same thing
    assert plan_hash(load_plan_text(dump_plan(new))) == plan_hash(new)


def test_rollover_of_a_code_without_a_year_appends_it() -> None:
    data = minimal()
    data["code"] = "thu"
    assert rollover(load_plan_data(data), 2025).code == "thu-2025"


def test_hash_is_stable() -> None:
    data = minimal()
    plan = load_plan_data(data)
    again = load_plan_data(copy.deepcopy(data))
    assert plan_hash(plan) == plan_hash(again)
    # key order in the file does not matter, nor does the round trip through YAML
    reordered = dict(reversed(list(copy.deepcopy(data).items())))
    assert plan_hash(load_plan_data(reordered)) == plan_hash(plan)
    assert plan_hash(load_plan_text(dump_plan(plan))) == plan_hash(plan)
    # defaults written out explicitly give the same plan
    explicit = copy.deepcopy(data)
    questions(explicit)[0]["required"] = True
    assert plan_hash(load_plan_data(explicit)) == plan_hash(plan)
    changed = copy.deepcopy(data)
    questions(changed)[0]["text"] = "Đã quán triệt, học tập chưa?"
    assert plan_hash(load_plan_data(changed)) != plan_hash(plan)
    assert len(plan_hash(plan)) == 64


def test_plan_is_frozen() -> None:
    plan = load_plan_data(minimal())
    assert isinstance(plan, Plan)
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error
        plan.code = "x"  # type: ignore[misc]


def test_questions_follow_a_copy_with_other_rounds() -> None:
    """questions() is cached per round; a copy with changed rounds must not see the old list."""
    plan = load_plan_data(minimal())
    first = plan.questions("6-thang")
    assert plan.questions("6-thang") == first and plan.questions("6-thang") is not first
    rnd = plan.round("6-thang")
    section = rnd.sections[0].model_copy(update={"questions": rnd.sections[0].questions[:1]})
    fewer = rnd.model_copy(update={"sections": [section]})
    copy = plan.model_copy(update={"rounds": [fewer if r.id == "6-thang" else r for r in plan.rounds]})
    expected = [q.id for s in fewer.sections for q in s.questions]
    assert 0 < len(expected) < len(first)
    assert [q.id for q in copy.questions("6-thang")] == expected
    assert [q.id for q in plan.questions("6-thang")] == [q.id for q in first]
