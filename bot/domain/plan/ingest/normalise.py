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
_SUP = re.compile(r"<sup>\s*(\d+)\s*</sup>")
_SUP_DIGITS = re.compile(f"(?<=\\S)[{_SUPERSCRIPT_DIGITS}]+")
_FOOTNOTE_BODY = re.compile(
    f"^\\s*(?:<sup>\\s*(\\d+)\\s*</sup>|([{_SUPERSCRIPT_DIGITS}]+|\\d{{1,2}}(?= [A-ZĐ])))\\s*(\\S.*)$"
)
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
_SEPARATOR = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_SENTENCE_END = (".", ":", ";", "!", "?", "/.", "./.")


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
        previous, line = line, _EMPHASIS.sub(r"\2", line)
    return line.strip().strip("*").strip()


def _footnote(line: str) -> tuple[str, str] | None:
    """(marker, body) when `line` is a footnote body ("<sup>1</sup> Kết luận…")."""
    match = _FOOTNOTE_BODY.match(line)
    if match is None:
        return None
    return (match.group(1) or match.group(2), match.group(3).strip())


def _continues(previous: str, line: str) -> bool:
    """True when `line` carries on the sentence `previous` left unfinished."""
    if not previous or previous.endswith(_SENTENCE_END):
        return False
    first = line[:1]
    return first.islower() or first in ",;)"


def normalise(text: str) -> Normalised:
    """The read-ready lines of a document's text, with its footnotes apart."""
    lines: list[Line] = []
    footnotes: list[tuple[str, str]] = []
    for number, raw in enumerate(fix_glyphs(text).splitlines(), start=1):
        if _PAGE_NUMBER.match(raw) or _SEPARATOR.match(raw):
            continue
        note = _footnote(raw)
        if note is not None:
            footnotes.append((note[0], strip_markdown(note[1])))
            continue
        line = strip_markdown(_SUP_DIGITS.sub("", _SUP.sub("", raw)))
        line = re.sub(r"\s+([,;.:])", r"\1", re.sub(r"[ \t]+", " ", line))
        if not line:
            continue
        if lines and _continues(lines[-1].text, line):
            lines[-1] = Line(lines[-1].number, f"{lines[-1].text} {line}")
        else:
            lines.append(Line(number, line))
    return Normalised(tuple(lines), tuple(footnotes))
