"""The plan model's document metadata and per-round facts (issue #13): a
blank number or date with its reason, the "Căn cứ" bases, the plan
implemented, "Nơi nhận", the signer; each round's recipient, reporters and
period. Deadlines and their kinds: tests/domain/test_deadlines.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from bot.core.errors import PlanError
from bot.domain.plan.loader import dump_plan, load_plan_data, load_plan_text, rollover
from bot.domain.plan.model import Period, Reporters
from tests.domain.test_plan_model import minimal


def with_document(**fields: Any) -> dict[str, Any]:
    data = minimal()
    data["document"] = {"issuer": "UBND xã Thử", **fields}
    return data


def error_of(data: dict[str, Any]) -> str:
    with pytest.raises(PlanError) as info:
        load_plan_data(data, "plan.yaml")
    return str(info.value)


def test_a_blank_number_or_date_needs_its_reason() -> None:
    assert "blank_reason" in error_of(with_document(number="1/KH-UBND"))
    assert "number and date blank" in error_of(with_document())
    doc = load_plan_data(with_document(blank_reason="để trống trong văn bản")).document
    assert (doc.number, doc.date, doc.blank_reason) == (None, None, "để trống trong văn bản")
    assert load_plan_data(with_document(number="1/KH-UBND", date="2024-03-01")).document.blank_reason is None


def test_bases_implements_recipients_and_signer() -> None:
    data = with_document(
        number="5/KH-UBND", date="2024-03-01", place="Thử", signer="Nguyễn Văn A", signed_as="CHỦ TỊCH",
        bases=[{"kind": "Quyết định", "number": "23-QĐ/TW", "date": "2021-07-30", "issuer": "Bộ Chính trị"}],
        implements={"kind": "Kế hoạch", "number": "69/KH-UBND", "date": "2024-02-26", "issuer": "UBND huyện"},
        recipients=["Thường trực Đảng ủy", "Lưu: VT."],
    )
    doc = load_plan_data(data).document
    assert [(b.kind, b.number, b.date) for b in doc.bases] == [("Quyết định", "23-QĐ/TW", dt.date(2021, 7, 30))]
    assert [(r.number, r.issuer) for r in doc.implements] == [("69/KH-UBND", "UBND huyện")]  # one becomes a list
    assert doc.recipients == ["Thường trực Đảng ủy", "Lưu: VT."]
    assert (doc.signer, doc.signed_as, doc.place) == ("Nguyễn Văn A", "CHỦ TỊCH", "Thử")
    assert "bases.0.nummber" in error_of(with_document(number="1", date="2024-01-01", bases=[{"nummber": "x"}]))


def test_reporters_short_forms() -> None:
    assert Reporters.model_validate("self") == Reporters(who="self")
    assert Reporters.model_validate("children").who == "children"
    assert Reporters.model_validate(["so", "xa"]) == Reporters(who="below", levels=["so", "xa"])
    assert Reporters.model_validate({"who": "children", "levels": ["so"]}).levels == ["so"]
    data = minimal()
    assert load_plan_data(data).round("6-thang").reporters == Reporters()  # below, as before
    data["rounds"][0]["reporters"] = "everyone"
    assert "rounds.0.reporters.who" in error_of(data)


def test_round_recipient_and_period() -> None:
    data = minimal()
    data["rounds"][0].update(recipient="UBND huyện (qua Phòng Nội vụ)",
                             period={"from": "2024-01-01", "to": "2024-06-30", "estimate_to_end": True})
    plan = load_plan_data(data)
    rnd = plan.round("6-thang")
    assert rnd.recipient == "UBND huyện (qua Phòng Nội vụ)"
    assert rnd.period == Period(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30), estimate_to_end=True)
    # written back as the plan file spells it, and read again the same
    dumped = yaml.safe_load(dump_plan(plan))["rounds"][0]["period"]
    assert dumped == {"from": "2024-01-01", "to": "2024-06-30", "estimate_to_end": True}
    assert load_plan_text(dump_plan(plan)) == plan
    # a rollover moves the period with the deadlines
    moved = rollover(plan, 2025).round("6-thang").period
    assert moved is not None and (moved.start, moved.end) == (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    data["rounds"][0]["period"] = {"from": "2024-07-01", "to": "2024-06-30"}
    assert "before it starts" in error_of(data)
