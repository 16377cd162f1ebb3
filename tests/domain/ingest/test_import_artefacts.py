"""What PDF and Markdown copies do to a plan's text does not change the
draft: "ƣ" glyphs, decomposed letters, hard-wrapped lines, footnotes in
mid-sentence, Markdown headings and emphasis all import identically (the
draft; its source line numbers follow the copy)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from bot.domain.plan.ingest import import_plan
from locales import t

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"
NAMES = ["ke-hoach-tinh-tay-ninh-2025-696", "ke-hoach-tp-tay-ninh-2025", "ke-hoach-xa-tu-xuyen-2024"]


def seed(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


def draft(text: str) -> dict[str, Any]:
    return import_plan(text, t).draft


@pytest.mark.parametrize("name", NAMES)
def test_pdf_glyphs_import_identically(name: str) -> None:
    text = seed(name)
    assert draft(text.replace("ư", "ƣ").replace("Ư", "Ƣ")) == draft(text)


@pytest.mark.parametrize("name", NAMES)
def test_decomposed_letters_import_identically(name: str) -> None:
    import unicodedata

    text = seed(name)
    assert draft(unicodedata.normalize("NFD", text)) == draft(text)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("width", [80, 90, 110])  # a terminal's 80 columns; an A4 page of 13–14 pt text
def test_hard_wrapped_lines_import_identically(name: str, width: int) -> None:
    text = seed(name)
    wrapped = "\n".join("\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)) or line
                        for line in text.splitlines())
    assert max(len(line) for line in wrapped.splitlines()) <= width + 30
    assert draft(wrapped) == draft(text)


def _areas(text: str) -> list[tuple[str, str, list[str]]]:
    """(clause, heading, task texts) of each content area of the report rounds."""
    rounds = [r for r in draft(text)["rounds"] if r["kind"] == "report"]
    return [(s["source"], s["title"], [q["text"] for q in s["questions"]]) for r in rounds for s in r["sections"]]


@pytest.mark.parametrize("name", NAMES)
def test_hard_wrapped_at_80_columns_the_areas_and_headings_are_the_unwrapped_ones(name: str) -> None:
    """At 80 columns the commune's heading "6. Triển khai có hiệu quả phong
    trào thi đua "Dân vận khéo"" reaches the margin and was joined to the
    paragraph after its blank line; a wrap never crosses a blank line."""
    text = seed(name)
    wrapped = "\n".join("\n".join(textwrap.wrap(line, 80, break_long_words=False, break_on_hyphens=False)) or line
                        for line in text.splitlines())
    assert wrapped != text and max(len(line) for line in wrapped.splitlines()) <= 80 + 30
    assert _areas(wrapped) == _areas(text)


def test_a_footnote_in_mid_sentence_imports_identically_its_reference_among_the_bases() -> None:
    text = seed("ke-hoach-tp-tay-ninh-2025")
    cut = "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính"
    assert cut in text
    noted = text.replace(cut, cut.replace("Chính phủ ban hành", "Chính phủ³ ban\n\n3 Quyết định số 31/QĐ-UBND ngày "
                                          "20/01/2025 của UBND thành phố;\n\nhành"))
    clean, with_note = draft(text), draft(noted)
    bases = with_note["document"].pop("bases")
    clean["document"].pop("bases")
    assert with_note == clean
    assert bases == [{"kind": "Quyết định", "number": "31/QĐ-UBND", "date": "2025-01-20", "issuer": "UBND thành phố"}]


def test_markdown_headings_and_emphasis_import_identically() -> None:
    text = seed("ke-hoach-tinh-tay-ninh-2025-696")
    marked = "\n".join(f"## **{line}**" if line[:3] in ("II.", "III", "IV.") else
                       f"### *{line}*" if line[:2] in ("1.", "2.", "3.", "4.", "5.") else line
                       for line in text.splitlines())
    marked = marked.replace("Dân vận khéo", "_Dân vận khéo_").replace("Trước ngày", "**Trước ngày**")
    assert marked != text
    assert draft(marked) == draft(text)
