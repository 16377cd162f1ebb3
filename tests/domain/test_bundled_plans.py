"""The bundled plans against the documents they were transcribed from.

Expected counts and dates are literals read off the seed documents in
``../shared/seeds/`` (line numbers in the comments); where the seed text is
available they are also checked by parsing it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.domain.plan.loader import load_plan
from bot.domain.plan.model import Plan, QuestionType, ReminderPolicy
from bot.domain.questions import kind_of
from bot.domain.units import UnitInfo
from plans import bundled_codes, bundled_path
from tests.domain.test_bundled_plan_units import as_written

# Copies of ../shared/seeds, so the checks run on any clone.
SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


@dataclass(frozen=True)
class Expected:
    seed: str
    level: str
    year: int
    issuer: str
    sections: int  # numbered content areas of part II
    targets: int  # numbered targets of the "chỉ tiêu" part
    deadlines: dict[str, dt.date] = field(default_factory=dict)
    scoring: bool = False


EXPECTED = {
    "tay-ninh-2025": Expected(
        seed="ke-hoach-tinh-tay-ninh-2025-696.txt",
        level="tinh",
        year=2025,  # l.3-5: "Số: 696 /KH-UBND", "ngày 06 tháng 3 năm 2025"
        issuer="UBND tỉnh Tây Ninh",
        sections=5,  # II.1-II.5 at l.23, 31, 45, 61, 67
        targets=5,  # III.1-III.5 at l.77-87
        deadlines={
            "ke-hoach": dt.date(2025, 3, 28),  # l.93 "chậm nhất 28/3/2025"
            "6-thang": dt.date(2025, 5, 20),  # l.153 "Trước ngày 20/5/2025"
            "ca-nam": dt.date(2025, 11, 1),  # l.155 "Trước ngày 01/11/2025"
            "tu-cham-diem": dt.date(2025, 11, 15),  # l.95 "trước ngày 15/11/2025"
        },
        scoring=True,  # l.95 self-scoring by the table of QĐ 908/QĐ-UBND
    ),
    "tp-tay-ninh-2025": Expected(
        seed="ke-hoach-tp-tay-ninh-2025.txt",
        level="huyen",
        year=2025,  # l.5 "ngày tháng năm 2025" (unsigned: no number or day)
        issuer="UBND thành phố Tây Ninh",
        sections=5,  # II.1-II.5 at l.25, 35, 49, 59, 67
        targets=6,  # III.1-III.6 at l.75-85
        deadlines={
            "ke-hoach": dt.date(2025, 3, 28),  # l.91 "chậm nhất ngày 28/3/2025"
            "6-thang": dt.date(2025, 5, 12),  # l.143 "Trước ngày 12/5/2025"
            "ca-nam": dt.date(2025, 10, 23),  # l.145 "Trước ngày 23/10/2025"
            "tu-cham-diem": dt.date(2025, 11, 1),  # l.93 "trước ngày 01/11/2025"
        },
        scoring=True,  # l.93 self-scoring by the table of QĐ 483/QĐ-UBND
    ),
    "tu-xuyen-2024": Expected(
        seed="ke-hoach-xa-tu-xuyen-2024.txt",
        level="xa",
        year=2024,  # l.5 "... xã Tú Xuyên năm 2024"
        issuer="UBND xã Tú Xuyên",
        sections=7,  # II.1-II.7 at l.25, 35, 55, 63, 75, 83, 87
        targets=0,  # no "chỉ tiêu" part: III is "TỔ CHỨC THỰC HIỆN" (l.89)
        deadlines={
            "6-thang": dt.date(2024, 5, 25),  # l.93 "trước ngày 25/5/2024 ... 6 tháng"
            "ca-nam": dt.date(2024, 11, 25),  # l.93 "trước ngày 25/11/2024 ... năm"
        },
    ),
}

REPORT_ROUNDS = ("6-thang", "ca-nam")
ID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def case(request: pytest.FixtureRequest) -> tuple[Plan, Expected]:
    return load_plan(bundled_path(request.param)), EXPECTED[request.param]


# --- reading the seed text -------------------------------------------------

ROMAN = re.compile(r"^(I|II|III|IV|V)\.\s+(.*)$")
NUMBERED = re.compile(r"^(\d+)\.\s+\S")


def _clean(line: str) -> str:
    """A seed line without markdown decoration (#, *, <sup>)."""
    line = re.sub(r"<sup>.*?</sup>", "", line)
    return line.strip().strip("#* ").strip()


def seed_lines(name: str) -> list[str]:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed document {path} not available")
    return [_clean(line) for line in path.read_text(encoding="utf-8").splitlines()]


def seed_flat(name: str) -> str:
    """The seed as one line: markdown bold removed, whitespace collapsed, lower case."""
    text = (SEEDS / name).read_text(encoding="utf-8").replace("**", "")
    return re.sub(r"\s+", " ", text).lower()


def straight_quotes(text: str) -> str:
    return text.replace("“", '"').replace("”", '"')


def numbered_items(lines: list[str], heading: str) -> list[int]:
    """Numbers of the "n." items under the roman-numeral heading containing ``heading``."""
    items: list[int] = []
    inside = False
    for line in lines:
        roman = ROMAN.match(line)
        if roman:
            inside = heading in roman.group(2).upper()
            continue
        m = NUMBERED.match(line)
        if inside and m:
            items.append(int(m.group(1)))
    return items


# --- the tests ----------------------------------------------------------------


def test_bundled_codes_are_the_three_plans() -> None:
    assert set(EXPECTED) <= set(bundled_codes())
    for code in EXPECTED:
        assert bundled_path(code).name == f"{code}.yaml"


def test_metadata(case: tuple[Plan, Expected]) -> None:
    plan, exp = case
    assert plan.level == exp.level and plan.year == exp.year
    assert plan.document.issuer == exp.issuer
    assert plan.document.source == f"seeds/{exp.seed}"
    assert plan.reminders == ReminderPolicy(
        before_days=[7, 3, 1, 0], overdue_every_working_days=2, overdue_max=3, at="08:00"
    )


def test_province_plan_metadata() -> None:
    plan = load_plan(bundled_path("tay-ninh-2025"))
    assert plan.document.number == "696/KH-UBND"  # l.3
    assert plan.document.date == dt.date(2025, 3, 6)  # l.5
    assert [(r.id, r.kind) for r in plan.rounds] == [
        ("ke-hoach", "plan"), ("6-thang", "report"), ("ca-nam", "report"),
        ("tu-cham-diem", "scoring"),
    ]


def test_content_areas_are_sections(case: tuple[Plan, Expected]) -> None:
    plan, exp = case
    wanted = [f"II.{n}" for n in range(1, exp.sections + 1)]
    for rid in REPORT_ROUNDS:
        sources = [s.source for s in plan.round(rid).sections if s.source and s.applies_to is None]
        assert sources == wanted, rid
        # then the duties part IV.2 gives one agency, each asked of that agency only
        agencies = [s for s in plan.round(rid).sections if s.applies_to is not None]
        assert all(s.source and s.source.startswith("IV.2.") and s.applies_to.source == s.source for s in agencies)
        # then the closing parts (standard report outline); the annual report adds
        # its self-rating and signed file
        closing = [s.id for s in plan.round(rid).sections[exp.sections + len(agencies):]]
        if plan.level == "xa":  # the commune's figures are asked in their content areas
            assert closing == (["danh-gia"] if rid == "6-thang" else ["danh-gia", "tong-ket"]), rid
        else:  # the figures the report needs, after the areas, then the closing parts
            assert closing == (["so-lieu", "danh-gia"] if rid == "6-thang" else ["so-lieu", "danh-gia", "tong-ket"]), rid
    items = numbered_items(seed_lines(exp.seed), "NỘI DUNG")
    assert items == list(range(1, exp.sections + 1))
    # titles as the document words them (quotes aside)
    flat = straight_quotes(seed_flat(exp.seed))
    for section in plan.round("6-thang").sections[: exp.sections]:
        assert straight_quotes(as_written(section.title).lower().rstrip(".")) in flat, section.id


def test_targets_match_part_three(case: tuple[Plan, Expected]) -> None:
    plan, exp = case
    assert len(plan.targets) == exp.targets
    assert [t.source for t in plan.targets] == [f"III.{n}" for n in range(1, exp.targets + 1)]
    items = numbered_items(seed_lines(exp.seed), "CHỈ TIÊU")
    assert items == list(range(1, exp.targets + 1))
    flat = seed_flat(exp.seed)
    question_targets = [
        q.target for r in plan.rounds for q in plan.questions(r.id) if q.target is not None
    ]
    for t in [*plan.targets, *question_targets]:
        assert t.text and t.source
        # the target as written: its text is a passage of the document
        assert re.sub(r"\s+", " ", as_written(t.text)).rstrip(".").lower() in flat, t.text
        percent = re.search(r"(\d+)%", t.text)
        if t in plan.targets and percent:
            assert t.min == float(percent.group(1)), t.text
    # every target of part III is asked by at least one question
    assert {t.source for t in plan.targets} <= {t.source for t in question_targets}


def test_deadlines(case: tuple[Plan, Expected]) -> None:
    plan, exp = case
    assert {r.id: r.deadline for r in plan.rounds} == exp.deadlines
    assert any(r.kind == "scoring" for r in plan.rounds) is exp.scoring
    flat = seed_flat(exp.seed)
    # the "Tổ chức thực hiện" part (IV; III in the commune plan, which has no targets)
    heading = re.search(r"\b(?:iii|iv)\. tổ chức thực hiện", flat)
    assert heading is not None
    part_four = heading.start()
    for r in plan.rounds:
        assert r.deadline_text and r.source
        where = flat.find(r.deadline_text.lower(), part_four)
        assert where > part_four, f"{r.id}: {r.deadline_text!r} not in the document's part IV"
        written = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", r.deadline_text)
        assert written is not None, r.deadline_text
        day, month, year = map(int, written.groups())
        assert dt.date(year, month, day) == r.deadline


def test_report_rounds_fit_on_a_phone(case: tuple[Plan, Expected]) -> None:
    # Issue #13 adds the figures the report needs and its closing parts: up to 60
    # asked (most follow-ups skip when the count before them is 0); the review is
    # paged under 2,000 characters a message (handlers/views/report.py).
    plan, _ = case
    for rid in REPORT_ROUNDS:
        # a unit of every level and type one of the round's sections names, and one of none
        audiences = [s.applies_to for s in plan.round(rid).sections if s.applies_to is not None]
        units = [UnitInfo(0, "x", "x", None, "so")] + [
            UnitInfo(0, "x", "x", None, a.levels[0] if a.levels else "so", type=a.types[0] if a.types else None)
            for a in audiences]
        for unit in units:
            asked = [q for q in plan.questions(rid, unit=unit) if q.type != "calculated"]
            assert 20 <= len(asked) <= 60, (rid, unit.level, unit.type)


def test_every_report_round_ends_with_the_closing_parts(case: tuple[Plan, Expected]) -> None:
    plan, _ = case
    for rid in REPORT_ROUNDS:
        ids = [q.id for q in plan.round(rid).sections[-1 if rid == "6-thang" else -2].questions]
        assert ids == ["danh-gia.uu-diem", "danh-gia.han-che", "danh-gia.kho-khan", "danh-gia.kien-nghi",
                       "danh-gia.phuong-huong"], rid
    assert plan.round("ca-nam").carry_from == ["6-thang"]


def test_counts_not_percentages_where_the_province_pools(case: tuple[Plan, Expected]) -> None:
    """Every rate of the report rounds is worked out from two counts the unit
    gives (so the province pools them), never typed; the counts it reads exist."""
    plan, _ = case
    for rid in REPORT_ROUNDS:
        questions = {q.id: q for q in plan.questions(rid)}
        rates = [q for q in questions.values() if q.type == "calculated" and q.unit == "%"]
        assert len(rates) >= 3, rid
        for q in rates:
            reads = kind_of(q.type).refs(q)
            assert len(reads) == 2 and all(questions[r].type is QuestionType.INTEGER for r in reads), q.id
        typed = [q.id for q in questions.values() if q.type is QuestionType.PERCENT]
        # what is still typed as a percentage is a share no count pair gives (online files, study rate)
        assert set(typed) <= {"quan-triet.ty-le", "cai-cach-hanh-chinh.ho-so-truc-tuyen",
                              "cai-cach-hanh-chinh.truc-tuyen"}, typed


def test_questions_are_well_formed(case: tuple[Plan, Expected]) -> None:
    plan, _ = case
    nfc = lambda s: unicodedata.is_normalized("NFC", s)  # noqa: E731
    for rnd in plan.rounds:
        assert nfc(rnd.title) and rnd.title_en
        for section in rnd.sections:
            assert nfc(section.title) and section.title_en, section.id
            for q in section.questions:
                assert q.id.startswith(f"{section.id}.") and ID.match(q.id), q.id
                assert nfc(q.text) and q.text_en, q.id
                for o in q.options:
                    assert nfc(o.text) and o.text_en, (q.id, o.id)
        for q in plan.questions(rnd.id):
            assert nfc(q.text) and q.text_en, q.id
    for t in plan.targets:
        assert t.text and nfc(t.text)


def test_every_content_area_has_a_status_question(case: tuple[Plan, Expected]) -> None:
    plan, _ = case
    for rid in REPORT_ROUNDS:
        for section in plan.round(rid).sections:
            if not (section.source or "").startswith("II."):
                continue
            status = section.questions[0]
            assert status.type is QuestionType.CHOICE, section.id
            assert [o.id for o in status.options][:3] == ["da", "dang", "chua"], section.id
            assert [o.text for o in status.options][:3] == [
                "Đã thực hiện", "Đang thực hiện", "Chưa thực hiện",
            ]
            follow_ups = [q for q in section.questions if q.when]
            for q in follow_ups:
                assert all(set(opts) <= {"da", "dang"} for opts in (q.when or {}).values()
                           if isinstance(opts, list)), q.id


def test_plan_round_asks_number_date_and_assignee() -> None:
    for code in ("tay-ninh-2025", "tp-tay-ninh-2025"):
        plan = load_plan(bundled_path(code))
        types = {q.id: q.type for q in plan.questions("ke-hoach")}
        assert types["ke-hoach.ban-hanh"] is QuestionType.CHOICE
        assert types["ke-hoach.so-hieu"] is QuestionType.TEXT
        assert types["ke-hoach.ngay-ban-hanh"] is QuestionType.DATE
        assert types["ke-hoach.phan-cong"] is QuestionType.TEXT
        assert QuestionType.EVIDENCE in types.values()


@pytest.mark.parametrize("code", ["tay-ninh-2025", "tp-tay-ninh-2025"])
def test_rubric_is_a_marked_sample(code: str) -> None:
    plan = load_plan(bundled_path(code))
    rnd = plan.round("tu-cham-diem")
    assert rnd.kind == "scoring" and rnd.rubric
    rubric = plan.rubric(rnd.rubric)
    assert rubric.sample is True
    assert rubric.note and "mẫu" in rubric.note.lower() and "thay" in rubric.note
    assert 5 <= len(rubric.groups) <= 7
    criteria = rubric.criteria()
    normal = [c for c in criteria if c.kind == "normal"]
    assert sum(c.max_points for c in normal) == rubric.total_points == 100
    upper = [c for c in criteria if c.upper_level_only]
    assert [c.max_points for c in upper] == [10]
    assert sum(c.kind == "bonus" for c in criteria) == 1
    assert sum(c.kind == "penalty" for c in criteria) == 1
    assert any(c.evidence for c in criteria)
    assert [(b.label, b.min) for b in rubric.bands] == [
        ("Tốt", 90), ("Khá", 70), ("Trung bình", 50), ("Yếu", 0),
    ]
    assert all(b.label_en for b in rubric.bands)
    assert rubric.band_for(89.5).label == "Khá"
    # self-scoring can reach 90: the last 10 points are the upper level's
    self_max = sum(c.max_points for c in normal if not c.upper_level_only)
    assert self_max == 90
    scored = [q for q in plan.questions(rnd.id) if q.id.startswith("diem.")]
    # the upper level's criterion is not asked, nor the punctuality the bot works out
    computed = [c for c in criteria if c.computed]
    assert [(c.id, c.computed.rule, c.computed.rounds) for c in computed] == [
        ("dung-han", "punctuality", ["6-thang", "ca-nam"])
    ]
    assert len([q for q in scored if q.type is QuestionType.DECIMAL]) == len(criteria) - 2
    # ... but what reports on the answers lists it, after every asked question
    reported = plan.questions(rnd.id, reported=True)
    assert reported[: len(plan.questions(rnd.id))] == plan.questions(rnd.id)
    assert [q.id for q in reported[len(plan.questions(rnd.id)):]] == ["diem.bao-cao.dung-han"]


# --- document metadata, reporters and periods (issue #13) ------------------------


def _date_forms(d: dt.date) -> list[str]:
    days, months = {f"{d.day}", f"{d.day:02d}"}, {f"{d.month}", f"{d.month:02d}"}
    return [f"{a}/{b}/{d.year}" for a in days for b in months] + [
        f"ngày {a} tháng {b} năm {d.year}" for a in days for b in months]


def _in_seed(flat: str, d: dt.date) -> bool:
    return any(form in flat for form in _date_forms(d))


def test_document_metadata_is_what_the_seed_states(case: tuple[Plan, Expected]) -> None:
    plan, exp = case
    doc, flat = plan.document, seed_flat(exp.seed)
    if doc.number is None or doc.date is None:
        assert doc.blank_reason  # a blank number or date says why
    if doc.number is not None:
        assert f"số: {doc.number.split('/')[0]} /{doc.number.split('/', 1)[1]}".lower() in flat
    for d in [doc.date] + [r.date for r in doc.bases + doc.implements]:
        assert d is None or _in_seed(flat, d), d  # no invented date
    for ref in doc.bases + doc.implements:
        assert ref.number and f"số {ref.number.lower()}" in flat, ref.number
        assert ref.issuer and ref.issuer.lower() in flat, ref.issuer
    if doc.signer:
        assert doc.signer.lower() in flat
    assert doc.signed_as and doc.signed_as.split(" – ")[-1].lower() in flat
    nơi_nhận = flat[flat.rindex("nơi nhận"):]
    assert doc.recipients and all(r.lower() in nơi_nhận for r in doc.recipients), doc.recipients


def test_no_invented_number_or_date_on_the_unsigned_plans() -> None:
    city, commune = load_plan(bundled_path("tp-tay-ninh-2025")), load_plan(bundled_path("tu-xuyen-2024"))
    assert (city.document.number, city.document.date) == (None, None)
    assert city.document.blank_reason == "để trống trong văn bản"  # "Số: /KH-UBND", "ngày tháng năm 2025"
    assert (commune.document.number, commune.document.date) == (None, None)
    assert [(r.number, r.issuer) for r in city.document.implements] == [("696/KH-UBND", "UBND tỉnh Tây Ninh")]
    assert [r.number for r in commune.document.implements] == ["69/KH-UBND", "111-KH/ĐU"]
    province = load_plan(bundled_path("tay-ninh-2025"))
    assert [r.number for r in province.document.bases] == ["23-QĐ/TW", "33/CT-TTg", "1116-QĐ/TU", "908/QĐ-UBND"]
    assert (province.document.signer, province.document.signed_as) == (
        "Nguyễn Hồng Thanh", "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH")


def test_rounds_name_recipient_reporters_and_period(case: tuple[Plan, Expected]) -> None:
    plan, _ = case
    for r in plan.rounds:
        assert r.recipient and r.reporters.source, r.id
        expected = "self" if plan.level == "xa" else "children"
        assert r.reporters.who == expected, r.id
        if r.kind == "report":
            assert r.period is not None and r.period.estimate_to_end and r.period.start == dt.date(plan.year, 1, 1)
            assert r.period.end == (dt.date(plan.year, 6, 30) if r.id == "6-thang" else dt.date(plan.year, 12, 31))
            assert r.due < r.period.end  # due before the period closes: hence the estimates
