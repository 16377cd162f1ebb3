"""Count questions come only from what a task names as countable: a count
noun (an event, a product, a case) whose number the task asks for, or that
is the object of one of the unit's acts yielding instances (tổ chức, xây
dựng, ban hành, giải quyết …). Each is an integer question after the task's
status question, asked once the task is done or under way, with its source
line and quoted words; the preview counts them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.plan.ingest import Imported, import_plan
from bot.domain.plan.ingest.countable import countables
from bot.domain.plan.loader import load_plan_data
from locales import t

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"


@pytest.mark.parametrize(("text", "expected"), [
    ("Tiếp tục quán triệt và tổ chức các hội nghị triển khai, tuyên truyền các văn bản về cải cách hành chính",
     [("hội nghị", "hội nghị triển khai", "tổ chức", "tổ chức các hội nghị triển khai")]),
    ("Quan tâm chỉ đạo xây dựng và nhân rộng mô hình, điển hình \"Dân vận khéo\"",
     [("mô hình", "mô hình", "xây dựng và nhân rộng", "xây dựng và nhân rộng mô hình")]),
    ("Báo cáo số cuộc tiếp công dân trong kỳ", [("cuộc", "cuộc tiếp công dân", "", "số cuộc tiếp công dân")]),
    ("Số lớp tập huấn đã tổ chức", [("lớp", "lớp tập huấn", "", "Số lớp tập huấn")]),
    ("số văn bản ban hành", [("văn bản", "văn bản ban hành", "", "số văn bản ban hành")]),
    ("các văn bản được ban hành trong năm", [("văn bản", "văn bản", "ban hành", "văn bản được ban hành")]),
    ("Chủ động đăng tin, bài để tuyên truyền", [("tin bài", "tin, bài", "đăng", "đăng tin, bài")]),
    ("rà soát, giải quyết các vụ việc phức tạp, nổi cộm; giải quyết kịp thời các vụ việc khác",
     [("vụ việc", "vụ việc phức tạp", "giải quyết", "giải quyết các vụ việc phức tạp")]),  # one per noun
    ("Mở các lớp bồi dưỡng nghiệp vụ; mở rộng dân chủ; tổ chức tập huấn cho công chức",
     [("lớp", "lớp bồi dưỡng nghiệp vụ", "mở", "Mở các lớp bồi dưỡng nghiệp vụ"),
      ("tập huấn", "tập huấn", "tổ chức", "tổ chức tập huấn")]),
])
def test_a_named_countable_thing_is_found_with_its_act_and_words(text: str, expected: list[tuple[str, ...]]) -> None:
    assert [(c.noun, c.what, c.verb, c.quoted) for c in countables(text)] == expected


@pytest.mark.parametrize("text", [
    "Tăng cường công tác tuyên truyền, phổ biến các văn bản pháp luật về công tác dân vận",  # not the unit's output
    "Tiếp tục lãnh đạo, triển khai thực hiện các văn bản chỉ đạo của Trung ương",
    "nâng cao chất lượng cuộc sống và ổn định xã hội",  # "cuộc" inside a word
    "phong trào “Toàn dân bảo vệ an ninh Tổ quốc” và cuộc vận động “Toàn dân đoàn kết”",
    "tổ chức cuộc vận động “Toàn dân đoàn kết xây dựng đời sống văn hóa”",  # a named campaign
    "Thông tin kết quả sắp xếp tổ chức bộ máy trong hệ thống chính trị",  # "tổ chức": the noun
    "Thực hiện Kế hoạch số 69/KH-UBND; nâng cao Chỉ số cải cách hành chính; một số điều của Luật",
    "vận động các tầng lớp Nhân dân",
    "Tăng cường kiểm tra, thanh tra về công vụ",  # an act with no count noun: not invented
    "Thực hiện việc tiếp công dân của người đứng đầu cơ quan",
    "",
])
def test_nothing_is_counted_where_the_text_names_no_countable_thing(text: str) -> None:
    assert countables(text) == []


def _seed(name: str) -> tuple[str, Imported]:
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    return text, import_plan(text, t)


@pytest.mark.parametrize(("name", "count"), [
    ("ke-hoach-tinh-tay-ninh-2025-696", 1), ("ke-hoach-tp-tay-ninh-2025", 1), ("ke-hoach-xa-tu-xuyen-2024", 7)])
def test_each_countable_is_an_integer_question_after_its_task_with_its_source(name: str, count: int) -> None:
    text, result = _seed(name)
    lines = text.splitlines()
    plan = load_plan_data(result.draft, name)
    assert result.preview.counts()["countables"] == count
    for ri, rnd in enumerate(result.draft["rounds"]):
        if rnd["kind"] != "report":
            continue
        asked = 0
        for si, section in enumerate(rnd["sections"]):
            for qi, q in enumerate(section["questions"]):
                if "-so-" not in q["id"]:
                    continue
                asked += 1
                task = section["questions"][qi - 1]
                assert q["type"] == "integer" and not q["required"] and task["type"] == "choice"
                assert q["id"].startswith(task["id"] + "-so-") and q["when"] == {task["id"]: ["da", "dang"]}
                src = result.sources[("rounds", ri, "sections", si, "questions", qi)]
                assert src.text in " ".join(lines[src.line - 1].split())  # the quoted words, on their own line
                assert src.text in q["help"] and q["text"].startswith("Số ")
                assert {x.id: x.type for x in plan.questions(rnd["id"])}[q["id"]] == "integer"
        assert asked == count


def test_the_province_counts_its_dialogues_on_the_line_that_names_them() -> None:
    """II.5's first task starts on line 69; "chú trọng tổ chức đối thoại"
    is on line 71, where the page's wrap carried it."""
    _, result = _seed("ke-hoach-tinh-tay-ninh-2025-696")
    [entry] = result.preview.countables
    assert (entry.what, entry.line, entry.text) == ("II.5", 71, "tổ chức đối thoại")
    question = next(q for s in result.draft["rounds"][1]["sections"] for q in s["questions"]
                    if q["id"].endswith("-so-doi-thoai"))
    assert question["text"] == "Số đối thoại đã tổ chức trong kỳ"
