"""A question type is one module plus its hint in two locale lines: a
test-only ``year`` type, registered here, goes through the plan model, the
engine, the views, the export and the summary without touching them."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.core.errors import PlanError
from bot.domain.checklist import engine as E
from bot.domain.plan.loader import load_plan_data
from bot.domain.plan.model import Plan, QuestionType
from bot.domain.questions import BUILTIN, AnswerError, kind_of, names, register, unregister
from bot.domain.questions.base import Plain
from bot.domain.questions.numbers import NumberKind, check_range
from bot.domain.reports import PlanVersion, RoundData, UnitInfo
from bot.domain.summary import summarize
from bot.services.export import cell_value, round_csv, workbook_bytes
from handlers.views import render
from locales import LANGUAGES, catalogue


class YearKind(NumberKind):
    """The whole test-only type: a four-digit year, summarised like a number."""

    name = "year"
    hint_range = False

    def parse(self, q: Any, raw: str) -> int:
        s = raw.strip()
        if not re.fullmatch(r"\d{4}", s):
            raise AnswerError("answer.not_integer", value=raw[:40])
        check_range(q, float(s))
        return int(s)

    def cell(self, q: Any, value: Any, lang: str) -> Any:
        return int(value)

    def shown(self, q: Any, value: Any, lang: str) -> Plain:
        return Plain(str(int(value)))  # a year is not a quantity: no thousands dot


HINTS = {"vi": "Nhập năm, ví dụ: 2024", "en": "Type a year, e.g. 2024"}


@pytest.fixture
def year_type(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    register(YearKind())
    for lang in LANGUAGES:  # the two locale lines a real type adds to locales/{vi,en}/core.yaml
        monkeypatch.setitem(catalogue(lang), "render.hint.year", HINTS[lang])
    yield
    unregister("year")


PLAN: dict[str, Any] = {
    "schema_version": 1, "code": "thu-nam", "title": "Thử", "year": 2025, "level": "huyen",
    "document": {"number": "1/KH", "date": "2025-01-02", "issuer": "UBND"},
    "rounds": [{
        "id": "bao-cao", "title": "Báo cáo", "deadline": "2025-06-30",
        "sections": [{"id": "s", "title": "S", "questions": [
            {"id": "nam", "type": "year", "text": "Năm thành lập tổ dân vận", "min": 1945, "max": 2025,
             "target": {"min": 2000}},
            {"id": "ghi-chu", "type": "text", "text": "Ghi chú", "when": {"nam": {"min": 2020}}},
        ]}],
    }],
}


def plan() -> Plan:
    return load_plan_data(copy.deepcopy(PLAN), "thu.yaml")


def test_an_unregistered_type_is_a_plan_error() -> None:
    with pytest.raises(PlanError, match="unknown question type 'year'"):
        plan()


def test_the_registry_holds_every_builtin_type_under_its_enum_value() -> None:
    assert [k.name for k in BUILTIN] == [t.value for t in QuestionType]
    assert set(QuestionType) <= set(names())
    with pytest.raises(ValueError, match="already registered"):
        register(BUILTIN[0])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_registered_type_has_its_hint(lang: str) -> None:
    for name in names():
        assert f"render.hint.{name}" in catalogue(lang), name


@pytest.mark.usefixtures("year_type")
def test_a_registered_type_loads_and_answers_through_the_engine() -> None:
    p = plan()
    questions = p.questions("bao-cao")
    assert questions[0].type == "year" and kind_of(questions[0].type).when_range
    st, effects = E.step(questions, E.WalkState("bao-cao"), E.Start())
    assert effects == [E.Ask("nam", 1, 2, None)]
    st, effects = E.step(questions, st, E.Answer("năm ngoái"))
    assert effects[0] == E.Rejected("nam", "answer.not_integer", {"value": "năm ngoái"})
    st, effects = E.step(questions, st, E.Answer("1900"))
    assert effects[0] == E.Rejected("nam", "answer.out_of_range", {"min": "1945", "max": "2025"})
    st, effects = E.step(questions, st, E.Answer(" 2021 "))
    assert effects[0] == E.Store("nam", 2021)
    assert effects[1] == E.Ask("ghi-chu", 2, 2, None)  # the range `when` holds
    st, effects = E.step(questions, st, E.Attach({"kind": "photo", "file_id": "f"}))
    assert effects[0] == E.Rejected("ghi-chu", "answer.file_not_expected", {})


@pytest.mark.usefixtures("year_type")
def test_a_registered_type_is_rendered_with_its_own_hint() -> None:
    q = plan().questions("bao-cao")[0]
    assert render.type_hint(q, "vi") == HINTS["vi"]
    assert render.type_hint(q, "en") == HINTS["en"]
    assert render.value_text(q, 2021, "vi") == "2021"
    assert q.target is not None
    # a target is a quantity, written by the one number formatter (bot/core/text.py)
    assert render.target_text(q.target, "vi", q) == "Chỉ tiêu: đạt từ 2.000 trở lên"


@dataclass(frozen=True)
class Sub:
    id: int
    status: str
    submitted_at: dt.datetime | None
    plan_id: int = 1


def round_data() -> RoundData:
    pv = PlanVersion(1, "thu-nam", 1, "0" * 64, dt.datetime(2025, 1, 2, tzinfo=dt.UTC), plan())
    tree = {1: UnitInfo(1, "huyen", "Huyện", None, "huyen"),
            2: UnitInfo(2, "xa-a", "Xã A", 1, "xa"), 3: UnitInfo(3, "xa-b", "Xã B", 1, "xa")}
    at = dt.datetime(2025, 6, 1, 3, tzinfo=dt.UTC)
    return RoundData(pv, "bao-cao", [1], tree, [tree[2], tree[3]],
                     subs={2: Sub(2, "submitted", at), 3: Sub(3, "submitted", at)},
                     answers={2: {"nam": 1998}, 3: {"nam": 2021, "ghi-chu": "mới"}}, today=dt.date(2025, 6, 2))


@pytest.mark.usefixtures("year_type")
def test_a_registered_type_is_exported_and_summarised() -> None:
    data = round_data()
    q = data.plan.plan.questions("bao-cao")[0]
    assert cell_value(q, 2021) == 2021
    assert "2021" in round_csv(data).decode("utf-8-sig").splitlines()[2]
    assert workbook_bytes([data]).startswith(b"PK")
    s = summarize(data).to_json()
    assert s["numeric"] == [{
        "id": "nam", "type": "year", "text": "Năm thành lập tổ dân vận", "text_en": None,
        "n": 2, "min": 1998.0, "median": 2009.5, "max": 2021.0,
        "target": {"min": 2000.0}, "meets_target": 1,
    }]
    assert s["choices"] == []
