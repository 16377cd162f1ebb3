"""The document's own facts: its header (number, place, date, title,
issuer), its bases ("Căn cứ …") and the plans it implements ("Thực hiện Kế
hoạch số …"), its "Nơi nhận" list and its signature block.

A number or date left blank ("Số: /KH-UBND", "ngày tháng năm 2025") or
absent stays blank and is listed as missing; nothing is taken from the plan
it implements.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from bot.domain.plan.ingest.found import Flag, Source
from bot.domain.plan.ingest.normalise import Line

_KINDS = (
    "Quyết định|Chỉ thị|Nghị quyết|Kế hoạch|Kết luận|Nghị định|Thông tư|Luật|Quy định|Quy chế|Công văn"
    "|Hướng dẫn|Chương trình|Thông báo|Đề án"
)
_REF = re.compile(
    rf"(?:^|\b)({_KINDS})\s+số\s+([0-9A-Za-zĐđ./\-]+?)\s*,?\s+ngày\s+(\d{{1,2}})/(\d{{1,2}})/(\d{{4}})\s*,?\s*(.*)$"
)
_ABOUT = re.compile(r"\s+(?=(?:về|Ban hành|ban hành|phê duyệt|quy định|hướng dẫn|triển khai)\b)")
_NUMBER = re.compile(r"^Số\s*:?\s*(\S.*?)?\s*$")
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,\d][^,]{1,60}?),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})?"
)
_LEVEL_WORDS = r"tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn"
_ISSUER_LINE = re.compile(rf"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)\s+({_LEVEL_WORDS.upper()})\s*(.*)$")
_BUILDS = re.compile(rf"(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+({_LEVEL_WORDS})((?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*)\s+(?:xây dựng|ban hành)")
_AREA = re.compile(rf"(?:trên địa bàn|của)\s+({_LEVEL_WORDS})\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s?)+)")
LEVELS = {"tỉnh": "tinh", "thành phố": "huyen", "huyện": "huyen", "thị xã": "huyen", "quận": "huyen",
          "xã": "xa", "phường": "xa", "thị trấn": "xa"}


@dataclass
class Header:
    issuer: str | None = None
    level: str | None = None
    number: str | None = None
    date: dt.date | None = None
    place: str | None = None
    title: str | None = None
    signer: str | None = None
    signed_as: str | None = None
    bases: list[dict[str, Any]] = field(default_factory=list)
    implements: list[dict[str, Any]] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    number_line: bool = False  # a "Số:" line is there (blank or not)
    date_line: bool = False
    sources: dict[str, Source] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)


def _date(d: str, m: str, y: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def reference(text: str) -> dict[str, Any] | None:
    """{kind, number, date, issuer, title} of "Quyết định số 23-QĐ/TW ngày
    30/7/2021 của Bộ Chính trị về …", each only as written."""
    match = _REF.search(text)
    if match is None:
        return None
    kind, number, d, m, y, rest = match.groups()
    ref: dict[str, Any] = {"kind": kind, "number": number.rstrip(".,")}
    day = _date(d, m, y)
    if day is not None:
        ref["date"] = day.isoformat()
    rest = rest.strip().rstrip(";.").strip()
    if rest.startswith("của "):
        issuer, *title = _ABOUT.split(rest[4:], maxsplit=1)
        ref["issuer"] = issuer.strip().rstrip(",")
        rest = title[0] if title else ""
    if rest:
        ref["title"] = rest.strip()
    return ref


def references(text: str) -> list[dict[str, Any]]:
    """Every reference of a "Căn cứ …; …" or "Thực hiện …; …" paragraph."""
    found = []
    for chunk in re.split(r";\s*|\.\s+(?=[A-ZĐ])", text):
        chunk = re.sub(r"^(?:Căn cứ|Thực hiện)\s+", "", chunk.strip())
        ref = reference(chunk)
        if ref is not None:
            found.append(ref)
    return found


def _issuer(header: Header, lines: list[Line]) -> None:
    for line in lines:
        match = _ISSUER_LINE.match(line.text)
        if match:
            word, name = match.group(1).lower(), match.group(2).title().strip()
            header.issuer, header.level = f"UBND {word} {name}".strip(), LEVELS[word]
            header.sources["issuer"] = Source(line.number, line.text)
            return
    for line in lines:
        match = _BUILDS.search(line.text)
        if match is None:
            continue
        word, name = match.group(1), match.group(2).strip()
        header.level = LEVELS[word]
        header.sources["issuer"] = Source(line.number, line.text)
        if not name:
            area = _AREA.search(header.title or "")
            if area and area.group(1) == word:
                name = area.group(2).strip()
                header.flags.append(Flag("issuer_inferred", f"UBND {word} {name}", header.sources.get("title")))
        header.issuer = f"UBND {word} {name}".strip()
        return


def read_header(lines: list[Line]) -> Header:
    """The facts of the lines before the plan's first part."""
    header = Header()
    title_next = False
    for line in lines:
        text = line.text
        number = _NUMBER.match(text)
        if number and not header.number_line:
            header.number_line = True
            value = re.sub(r"\s+", "", number.group(1) or "")
            if value and not value.startswith("/"):
                header.number = value
                header.sources["number"] = Source(line.number, text)
            text = ""
        place = _PLACE_DATE.search(text)
        if place and not header.date_line:
            header.date_line = True
            header.place = place.group("place").strip()
            header.sources["place"] = Source(line.number, text)
            if all(place.group(k) for k in ("d", "m", "y")):
                header.date = _date(place.group("d"), place.group("m"), place.group("y"))
                header.sources["date"] = Source(line.number, text)
            continue
        if text.upper().startswith("KẾ HOẠCH") and header.title is None:
            rest = text[len("KẾ HOẠCH"):].strip(" :")
            title_next = not rest
            if rest:
                header.title = rest
                header.sources["title"] = Source(line.number, text)
            continue
        if title_next:
            header.title, title_next = text, False
            header.sources["title"] = Source(line.number, text)
            continue
        if text.startswith("Căn cứ"):
            refs = references(text)
            header.bases += refs
            if refs:
                header.sources.setdefault("bases", Source(line.number, text))
        elif text.startswith("Thực hiện") and " số " in text:
            refs = references(text)
            header.implements += refs
            if refs:
                header.sources.setdefault("implements", Source(line.number, text))
    _issuer(header, lines)
    return header


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def read_closing(header: Header, lines: list[Line]) -> None:
    """The "Nơi nhận" list and the signature block of the closing lines."""
    receiving = False
    titles: list[str] = []
    for line in lines:
        text = line.text
        if text.lower().startswith("nơi nhận"):
            receiving = True
            header.sources["recipients"] = Source(line.number, text)
            continue
        if receiving and text[:1] in "-–•+":
            entry = re.sub(r"(?<=\.)\s+\d{1,3}$", "", text[1:].strip()).rstrip(";").strip()
            header.recipients.append(entry)
            continue
        if _capitals(text) and len(text) < 60:
            titles.append(text.strip())
            header.sources.setdefault("signed_as", Source(line.number, text))
        elif titles and len(text.split()) <= 6 and not text.endswith((".", ":", ";")):
            header.signer = text.strip()
            header.sources["signer"] = Source(line.number, text)
    if titles:
        header.signed_as = " – ".join(titles) if titles[0].startswith(("KT.", "TM.", "TL.", "Q.")) else titles[-1]
