"""Deadlines in every form the plans write them.

"chậm nhất ngày 28/3/2025", "hạn 28/3/2025" → kind ``by``; "trước ngày
20/5/2025" → ``before``; "Báo cáo 6 tháng: Trước ngày …"; "(trước ngày 05
tháng 6)" with the year taken from the plan (flagged); several reports in one
sentence ("trước ngày 25/5/2024 đối với báo cáo 6 tháng, trước ngày
25/11/2024 đối với báo cáo năm"); "định kỳ 6 tháng, năm" → rounds with no
date (flagged); quarterly and relative forms kept as text (flagged).
What each deadline is for comes from the words around it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from bot.domain.plan.ingest.found import Source

Purpose = Literal["ke-hoach", "6-thang", "9-thang", "quy", "ca-nam", "tu-cham-diem", "appraisal", "other"]
_DATE = r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?"
_WORDS = r"(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?"
_DUE = re.compile(
    rf"(chậm nhất|hạn chót|hạn cuối|không muộn hơn|trước|hạn)\s*(?:là\s+)?(?:vào\s+)?(?:ngày\s+)?(?:{_DATE}|{_WORDS})",
    re.IGNORECASE,
)
_FOR = re.compile(r"^\)?\s*(đối với\s+([^,;.)]+))")
_PERIODIC = re.compile(r"định kỳ\s+((?:hằng |hàng )?(?:6 tháng|quý|năm)(?:\s*(?:,|và)\s*(?:6 tháng|quý|năm))*)", re.I)
_QUARTERLY = re.compile(r"\b(?:hằng|hàng|mỗi)\s+quý\b|\bbáo cáo quý\b", re.I)
_RELATIVE = re.compile(
    r"(?:trong (?:vòng|thời hạn)\s+\d+\s+ngày[^.;]*|sau\s+\d+\s+ngày[^.;]*|ngày\s+\d+\s+(?:của\s+)?tháng cuối[^.;]*)", re.I
)
_PURPOSES: tuple[tuple[Purpose, re.Pattern[str]], ...] = (
    ("tu-cham-diem", re.compile(r"\btự (?:đánh giá|chấm)|hồ sơ (?:tự )?chấm điểm")),
    ("appraisal", re.compile(r"chấm điểm|xếp loại|thẩm định")),
    ("6-thang", re.compile(r"\b6 tháng|sáu tháng")),
    ("9-thang", re.compile(r"\b9 tháng|chín tháng")),
    ("quy", re.compile(r"\bquý\b")),
    ("ke-hoach", re.compile(r"kế hoạch")),
    ("ca-nam", re.compile(r"\bnăm\b|tổng kết")),
)
_RECIPIENT = re.compile(
    r"[Gg]ửi\s+(?:(?:hồ sơ chấm điểm|hồ sơ|kế hoạch|báo cáo)\s+)?(?:về\s+)?"
    r"((?:Ủy ban|Uỷ ban|UBND|Sở|Phòng|Ban|Văn phòng|Bộ)[^,;]*?(?:\([^)]*\))?)(?=\s+(?:chậm nhất|trước|để|theo|trong|hạn)\b|[,;.]|$)"
)
_TO = re.compile(
    r"\bvề\s+((?:Ủy ban|Uỷ ban|UBND|Sở|Phòng|Văn phòng|Bộ)[^,;]*?(?:\([^)]*\))?)(?=\s+(?:chậm nhất|trước|để|theo|trong|hạn)\b|[,;.]|$)"
)
_VIA = re.compile(r"\(qua ([^)]+)\)")


@dataclass(frozen=True)
class Deadline:
    purpose: Purpose
    date: dt.date | None
    kind: Literal["before", "by"]
    text: str  # the document's words: "Trước ngày 20/5/2025", "định kỳ 6 tháng, năm"
    source: Source
    clause: str  # "IV.3"
    year_inferred: bool = False
    recipient: str | None = None
    flag: str | None = None  # "no_deadline", "quarterly", "relative"


def purpose_of(words: str) -> Purpose:
    low = words.lower()
    return next((purpose for purpose, pattern in _PURPOSES if pattern.search(low)), "other")


def recipient_in(text: str) -> str | None:
    """To whom: "gửi kế hoạch về Ủy ban nhân dân tỉnh (qua Sở Nội vụ)"; "(qua Phòng Nội vụ
    thành phố)" when the text names only the office it goes through."""
    found = _RECIPIENT.findall(text) or _TO.findall(text)
    if found:
        return str(found[-1]).strip()
    via = _VIA.findall(text)  # only the office it goes through: "(qua Sở Nội vụ)", resolved by the draft
    return f"(qua {str(via[-1]).strip()})" if via else None


def _clause_before(text: str, end: int) -> str:
    start = max(text.rfind(". ", 0, end), text.rfind("; ", 0, end))
    return text[start + 1:end]


def deadlines_in(text: str, source: Source, clause: str, year: int | None, context: str = "") -> list[Deadline]:
    """Every deadline of one item's ``text``; ``context`` (the item's
    heading and the paragraphs before it) names a recipient the text leaves out."""
    found: list[Deadline] = []
    matches = list(_DUE.finditer(text))
    for i, match in enumerate(matches):
        day, month, y = (match.group(2), match.group(3), match.group(4)) if match.group(2) else match.group(5, 6, 7)
        inferred = y is None
        year_of = int(y) if y else year
        try:
            date = dt.date(year_of, int(month), int(day)) if year_of else None
        except ValueError:
            continue
        after_end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        label = _FOR.match(text[match.end():after_end])
        wording = f"{match.group(0)} {label.group(1)}" if label else match.group(0)
        words = label.group(2) if label else _clause_before(text, match.start())
        previous_end = matches[i - 1].end() if i else 0
        recipient = recipient_in(text[previous_end:match.start()]) or recipient_in(context + " " + text[:match.start()])
        kind: Literal["before", "by"] = "before" if match.group(1).lower() == "trước" else "by"
        found.append(Deadline(purpose_of(words), date, kind, wording.strip(), source, clause,
                              year_inferred=inferred, recipient=recipient,
                              flag="no_deadline" if date is None else None))
    for match in _PERIODIC.finditer(text):
        for word in re.split(r"\s*(?:,|và)\s*", match.group(1)):
            found.append(Deadline(purpose_of(word), None, "by", match.group(0), source, clause,
                                  recipient=recipient_in(context + " " + text), flag="no_deadline"))
    if _QUARTERLY.search(text) and not any(d.purpose == "quy" for d in found):
        found.append(Deadline("quy", None, "by", _QUARTERLY.search(text).group(0), source, clause,  # type: ignore[union-attr]
                              recipient=recipient_in(context + " " + text), flag="quarterly"))
    for match in _RELATIVE.finditer(text):
        found.append(Deadline("other", None, "by", match.group(0).strip(), source, clause, flag="relative"))
    return found
