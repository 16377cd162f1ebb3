"""The implementation part: each party's duties, classified (reporter,
recipient, appraiser, informed), and the deadlines it sets, each with its
clause ("IV.1", "IV.2.a") and the recipient named near it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.domain.plan.ingest.found import Item, sentences
from bot.domain.plan.ingest.outline import Part
from bot.domain.plan.ingest.timing import Deadline, deadlines_in

Role = Literal["reporter", "recipient", "appraiser", "informed"]
_ROLES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("appraiser", re.compile(r"(?<!tự )chấm điểm|thẩm định|quyết định đánh giá, xếp loại")),
    ("recipient", re.compile(r"\btổng hợp\b")),
    ("reporter", re.compile(r"báo cáo|xây dựng kế hoạch|tự đánh giá|có trách nhiệm")),
)
_GIVEN = re.compile(r"^Giao\s+(.+?)\s+(?:tham mưu|phụ trách|chủ trì|chủ động|thực hiện|có trách nhiệm)\b")
_BOUND = re.compile(r".*(?:được giao|nêu trên|Kế hoạch này)\s*,\s*(.+?)\s+(?:có trách nhiệm|theo chức năng)")
_REPORTING = re.compile(r"chế độ (?:thông tin,? )?báo cáo", re.IGNORECASE)
_SUBJECT = re.compile(r"^(.+?)\s+(?:thực hiện|có trách nhiệm|gửi)\b")
_LETTER = re.compile(r"^[a-zđ]$")


@dataclass(frozen=True)
class Duty:
    party: str
    role: Role
    text: str
    line: int
    clause: str


def _party(item: Item) -> str:
    text = item.text.rstrip(":").strip()
    if _REPORTING.match(text) and item.children:
        subject = _SUBJECT.match(item.children[0].text)
        if subject:
            return subject.group(1)
    for pattern in (_GIVEN, _BOUND):
        match = pattern.search(text)
        if match:
            return match.group(1).strip()
    return re.split(r"\s+(?:có trách nhiệm|theo chức năng)\b", text)[0].strip()


def _role(duties: list[str], addressed: bool) -> Role:
    """The addressees of a general clause ("… có trách nhiệm:") and those
    bound to report are reporters; a party that scores or appraises is the
    appraiser, one that collects the reports the recipient; else informed."""
    if addressed:
        return "reporter"
    words = " ".join(duties).lower()
    return next((role for role, pattern in _ROLES if pattern.search(words)), "informed")


def _duty_texts(item: Item) -> list[tuple[str, int]]:
    kids = [(c.text, c.source.line) for c in item.children if not _LETTER.match(c.number)]
    if kids:
        return kids
    rest = item.text.partition(":")[2]
    return [(s, item.source.line) for s in sentences(rest)] if rest.strip() else []


def read_duties(parts: list[Part]) -> list[Duty]:
    """Each party of the implementation part with its duties."""
    duties: list[Duty] = []
    for part in (p for p in parts if p.kind in ("implementation", "reporting")):
        for top in part.items:
            lettered = [c for c in top.children if _LETTER.match(c.number)]
            groups = [(c, part.label(top.number, c.number), False) for c in lettered] or [(top, part.label(top.number), True)]
            for item, clause, addressed in groups:
                texts = _duty_texts(item) or [(s, item.source.line) for s in sentences(item.text)]
                party = _party(item)
                addressed = addressed and ("trách nhiệm" in item.text or bool(_REPORTING.match(item.text)))
                role = _role([t for t, _ in texts], addressed)
                duties += [Duty(party, role, text, line, clause) for text, line in texts]
    return duties


def _walk(item: Item, clause: str, context: str, year: int | None, party: bool) -> list[Deadline]:
    found = deadlines_in(item.text, item.source, clause, year, context)
    if party:
        found = [d if d.purpose in ("tu-cham-diem", "6-thang", "9-thang", "quy", "ca-nam") else
                 Deadline("appraisal", d.date, d.kind, d.text, d.source, d.clause, d.year_inferred, d.recipient, d.flag)
                 for d in found]
    seen = context + " " + item.text
    for child in item.children:
        lettered = bool(_LETTER.match(child.number))
        found += _walk(child, f"{clause}.{child.number}" if lettered else clause, seen, year, party or lettered)
        seen += " " + child.text
    return found


def read_deadlines(parts: list[Part], year: int | None) -> list[Deadline]:
    """Every deadline of the implementation and reporting parts, in order."""
    found: list[Deadline] = []
    for part in (p for p in parts if p.kind in ("implementation", "reporting")):
        for top in part.items:
            found += _walk(top, part.label(top.number), "", year, False)
    return found
