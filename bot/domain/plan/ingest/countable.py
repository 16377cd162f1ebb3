"""What a task names that can be counted, for the numeric question the
draft asks about it ("Số hội nghị … đã tổ chức trong kỳ").

The rule is Vietnamese grammar, not a list of sentences. A *count noun* is a
noun for something a unit holds, makes or handles one at a time: an event
(hội nghị, hội thảo, tọa đàm, đối thoại, tập huấn, and the unit nouns lớp,
buổi, cuộc, đợt that count events: "lớp tập huấn", "cuộc kiểm tra"), a
product (mô hình, văn bản, tin bài) or a case (đơn thư, vụ việc, kiến nghị,
hồ sơ). A task names one as countable when

- it asks for its number: "số lớp tập huấn", "số văn bản ban hành"; or
- it is the object of one of the unit's acts that yield instances — tổ chức,
  mở, xây dựng, nhân rộng, ban hành, đăng, tiếp nhận, giải quyết — right
  after the verb or verbs ("tổ chức hội nghị", "xây dựng và nhân rộng mô
  hình") or a plural or quantity word ("xây dựng các mô hình", "giải quyết
  các vụ việc"), or before such a verb ("văn bản được ban hành").

Nothing else counts: a count noun under another verb ("phổ biến các văn
bản", "triển khai thực hiện các văn bản chỉ đạo": texts others issued, not
the unit's output), a named campaign ("và cuộc vận động “…”"), a word that
holds one ("cuộc sống", "tầng lớp", "thông tin"), an act with no count noun
("tăng cường kiểm tra, thanh tra", "thực hiện việc tiếp công dân": how
they are counted — visits, sessions — is the plan-writer's to say).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERB = r"(?:tổ chức|mở|xây dựng|nhân rộng|ban hành|đăng|tiếp nhận|giải quyết)"
_VERBS = rf"{_VERB}(?:(?:\s*,\s*|\s+và\s+|\s+hoặc\s+){_VERB})*"
_QUANTITY = r"(?:(?:các|những|mỗi|một số|nhiều)\s+)?"
NOUNS = ("hội nghị", "hội thảo", "tọa đàm", "toạ đàm", "đối thoại", "tập huấn", "lớp", "buổi", "cuộc", "đợt",
         "mô hình", "văn bản", "tin, bài", "tin bài", "tin", "đơn, thư", "đơn thư", "vụ việc", "kiến nghị", "hồ sơ")
_NOUN = "(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+").replace(",", r",?") for n in NOUNS) + ")"
_NOUN = _NOUN.replace("|tin|", r"|(?<!thông )tin|")  # "thông tin" (to inform, information) holds no news item
# words that end the noun's phrase: a conjunction, a preposition, a verb's mark
_STOP = r"(?:và|hoặc|để|nhằm|gắn|trên|theo|trong|tại|đối|cho|với|đã|được|nhất|đồng|sau|từ|về)"
_TAIL = rf"((?:\s+(?!{_STOP}\b)[^\s,;.:()“”\"…]+){{0,6}})"
_ACT = re.compile(rf"(?<!\w)({_VERBS})\s+{_QUANTITY}({_NOUN}){_TAIL}", re.IGNORECASE)
# the passive: the noun right before its verb ("văn bản ban hành", "mô hình được xây dựng"); a bare
# "tổ chức" after a noun is the noun "organisation" ("sắp xếp tổ chức bộ máy"), so it needs "đã"/"được"
_DONE = re.compile(rf"(?<!\w)({_NOUN})()\s+((?:đã|được)\s+{_VERB}|(?!tổ chức){_VERB})(?!\w)", re.IGNORECASE)
_ASKED = re.compile(rf"(?<!\w)(?<!chỉ )(?<!một )(?<!đa )số\s+(?:lượng\s+)?({_NOUN}){_TAIL}", re.IGNORECASE)
_NAMED = re.compile(r"^\s*[“\"]")  # a quoted name follows: a named campaign, not a count


@dataclass(frozen=True)
class Countable:
    """One countable thing a task names: the count noun ("hội nghị"), its
    phrase ("hội nghị triển khai"), the act that yields it ("tổ chức", ""
    when the task asks "số …" itself), the quoted words and where they start."""

    noun: str
    what: str
    verb: str
    quoted: str
    start: int
    end: int
    line: int = 0  # the source line its words are on (set by the draft; 0: the task's)


def _clean(text: str) -> str:
    return " ".join(text.split())


def countables(text: str) -> list[Countable]:
    """What ``text`` names as countable, one per count noun, in text order."""
    found: list[Countable] = []
    for pattern, noun, verb in ((_ACT, 2, 1), (_DONE, 1, 3), (_ASKED, 1, 0)):
        for match in pattern.finditer(text):
            if _NAMED.match(text[match.end():]):
                continue
            found.append(Countable(_clean(match.group(noun)).lower().replace(",", ""),
                                   _clean(match.group(noun) + match.group(noun + 1)),
                                   _clean(match.group(verb)).lower().removeprefix("được ") if verb else "",
                                   _clean(match.group(0)), match.start(), match.end()))
    out: list[Countable] = []
    for item in sorted(found, key=lambda c: c.start):  # one per noun; words asked once
        if all(o.noun != item.noun and (item.start >= o.end or item.end <= o.start) for o in out):
            out.append(item)
    return out


def line_of(found: Countable, start: int, raws: list[str]) -> int:
    """The 1-based source line, from the task's ``start`` on, its words are
    on (a task's paragraph may run over several lines) — its first two words
    when a wrap cut them; ``start`` if none."""
    lines = [" ".join(raw.split()).lower() for raw in raws[start - 1:start + 199]]
    for words in (found.quoted.lower(), " ".join(found.quoted.lower().split()[:2])):
        for offset, line in enumerate(lines):
            if words in line:
                return start + offset
    return start
