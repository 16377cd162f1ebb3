"""Normalise a plan document's extracted text before it is read by meaning.

Undoes what PDF and Markdown extraction leave behind: Unicode forms (NFC),
the Vietnamese PDF glyph substitutions ("ƣ" for "ư"), Markdown headings and
emphasis, footnote markers in mid-sentence (their bodies are kept apart, for
the plan's bases), page numbers and separators, and paragraphs split by a
hard wrap (a line that stops mid-sentence, continued by a lower-case line).
Every output line keeps the number of the source line it starts on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Glyphs PDF text extraction commonly yields for Vietnamese letters
# (legacy fonts map "ư"/"ơ" onto Latin-extended look-alikes).
GLYPHS = {
    "\u01a3": "ư",  # ƣ
    "\u01a2": "Ư",  # Ƣ
    "\u00a0": " ",
    "\u00ad": "",  # soft hyphen
    "\ufb01": "fi",
    "\ufb02": "fl",
}
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_UNDERSCORE = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")  # "_Dân vận khéo_"
_SUP = re.compile(r"<sup>\s*(\d+)\s*</sup>")
_SUP_DIGITS = re.compile(f"(?<=\\S)[{_SUPERSCRIPT_DIGITS}]+")
_FOOTNOTE_BODY = re.compile(
    f"^\\s*(?:<sup>\\s*(\\d+)\\s*</sup>|([{_SUPERSCRIPT_DIGITS}]+|\\d{{1,2}}(?= [A-ZĐ])))\\s*(\\S.*)$"
)
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
_SEPARATOR = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_SENTENCE_END = (".", ":", ";", "!", "?", "/.", "./.")
_LIST_MARKER = re.compile(r"^[a-zđ]\)\s")  # "a) Sở Nội vụ": a new item, not a wrapped line


@dataclass(frozen=True)
class Line:
    """One normalised line and the 1-based number of the source line it starts on."""

    number: int
    text: str


@dataclass(frozen=True)
class Normalised:
    """The document's lines, read-ready, and its footnote bodies (marker, text)."""

    lines: tuple[Line, ...]
    footnotes: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str:
        """The lines joined, one per line (what the tests compare)."""
        return "\n".join(line.text for line in self.lines)


def fix_glyphs(text: str) -> str:
    """NFC, then the glyph substitutions of `GLYPHS`."""
    text = unicodedata.normalize("NFC", text)
    for wrong, right in GLYPHS.items():
        text = text.replace(wrong, right)
    return unicodedata.normalize("NFC", text)


def strip_markdown(line: str) -> str:
    """Drop a Markdown heading mark and emphasis around words; bullets stay."""
    line = _HEADING.sub("", line)
    previous = None
    while previous != line:
        previous, line = line, _UNDERSCORE.sub(r"\1", _EMPHASIS.sub(r"\2", line))
    return line.strip().strip("*").strip()


def _footnote(line: str) -> tuple[str, str] | None:
    """(marker, body) when `line` is a footnote body ("<sup>1</sup> Kết luận…")."""
    match = _FOOTNOTE_BODY.match(line)
    if match is None:
        return None
    return (match.group(1) or match.group(2), match.group(3).strip())


def _continues(previous: str, line: str) -> bool:
    """True when `line` carries on the sentence `previous` left unfinished."""
    if not previous or _LIST_MARKER.match(line):
        return False
    if previous.endswith(";"):  # "…ở cơ sở;\ntriển khai …": the list goes on
        return line[:1].islower()
    if previous.endswith(_SENTENCE_END):
        return False
    dash = _DASH.match(line)
    if dash:  # "kinh tế\n- xã hội": a wrap at a dash; a bullet starts with a capital
        return dash.group(1).islower() or dash.group(1).isdigit()
    first = line[:1]
    if first.isdigit():  # "ngày\n14/8/2023": a date or figure goes on; "2. …" starts an item
        return not _ITEM_START.match(line)
    return first.islower() or first in ",;)"


_DASH = re.compile(r"^[-–]\s+(\S)")
_OPENING = re.compile(r"^(?:Căn cứ|Thực hiện (?:Kế hoạch|Chỉ thị|Quyết định|Nghị quyết|Công văn)|Nơi nhận|Trên đây)\b")
_ITEM_START = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|[a-zđ]\)|[-–•+])\s")


def wrap_width(raws: list[str]) -> int | None:
    """The column a hard-wrapped text is wrapped at (many lines end near
    it); ``None`` when its paragraphs are single lines."""
    lengths = [len(r.rstrip()) for r in raws if r.strip()]
    width = max(lengths, default=0)
    if width == 0 or width > 130 or sum(n >= 0.85 * width for n in lengths) < 5:
        return None
    return width


def _wrapped(previous: str, previous_length: int, line: str, width: int | None) -> bool:
    """In a hard-wrapped text, a line that reached the margin without ending
    its sentence goes on in the next one, whatever that starts with (one that
    ended a sentence right at the margin, too) — unless the next one starts an
    item, a "Căn cứ…" paragraph, or is a heading in capitals. The caller asks
    only when no blank line came between: a wrap breaks a paragraph's lines,
    never across a blank line (a heading reaching the margin stays apart)."""
    if width is None or previous_length < 0.8 * width:
        return False
    if previous.endswith((".", "!", "?")) and previous_length < 0.85 * width:
        return False
    letters = [c for c in line if c.isalpha()]
    return not (_ITEM_START.match(line) or _OPENING.match(line) or (letters and all(c.isupper() for c in letters)))


def _resumes(lines: list[Line], line: str) -> bool:
    """After a footnote body, ``line`` picks up the sentence the page broke off."""
    if not lines or lines[-1].text.endswith(_SENTENCE_END):
        return False
    return _continues(lines[-1].text, line) or line[:1] in "“\"‘'("


def _in_note(body: str, length: int, lines: list[Line], line: str, width: int | None) -> bool:
    """``line`` goes on with the footnote body above it: the body is unfinished
    and the line continues it, or it reached the margin and the line does
    not pick up the sentence the page broke off."""
    wrapped = _wrapped(body, length, line, width)
    if not body.endswith(_SENTENCE_END) and (_continues(body, line) or wrapped):
        return True
    return wrapped and not _resumes(lines, line)


def normalise(text: str) -> Normalised:
    """The read-ready lines of a document's text, with its footnotes apart."""
    lines: list[Line] = []
    footnotes: list[tuple[str, str]] = []
    raws = fix_glyphs(text).splitlines()
    width, previous_length, note_length, in_note = wrap_width(raws), 0, 0, False
    gap = False  # a blank line since the last line kept: the paragraph ended there
    for number, raw in enumerate(raws, start=1):
        if _PAGE_NUMBER.match(raw) or _SEPARATOR.match(raw):
            continue
        gap = gap or not raw.strip()
        note = _footnote(raw)
        if note is not None:
            footnotes.append((note[0], strip_markdown(note[1])))
            in_note, note_length = True, len(raw.rstrip())
            continue
        if in_note and raw.strip() and footnotes and _in_note(footnotes[-1][1], note_length, lines, raw.strip(), width):
            footnotes[-1] = (footnotes[-1][0], strip_markdown(f"{footnotes[-1][1]} {raw.strip()}"))
            note_length = len(raw.rstrip())
            continue
        in_note = in_note and not raw.strip()
        line = strip_markdown(_SUP_DIGITS.sub("", _SUP.sub("", raw)))
        line = re.sub(r"\s+([,;.:])", r"\1", re.sub(r"[ \t]+", " ", line))
        if not line:
            continue
        wrapped = not gap and _wrapped(lines[-1].text, previous_length, line, width) if lines else False
        if lines and (_continues(lines[-1].text, line) or wrapped):
            lines[-1] = Line(lines[-1].number, strip_markdown(f"{lines[-1].text} {line}"))
        else:
            lines.append(Line(number, line))
        previous_length, gap = len(raw.rstrip()), False
    return Normalised(tuple(lines), tuple(footnotes))
