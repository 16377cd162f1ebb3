"""``dvbot plan import DOC``: the seed documents as .txt, .md, .docx and .pdf
(both made here: python-docx writes the Word file, matplotlib's PDF backend
the PDF, with its text layer) import into the same draft; a file that is
empty, unrelated, a PDF without text or of another type gets a clear answer
and nothing is written."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from bot.domain.plan.ingest import import_plan
from bot.domain.plan.loader import load_plan_text
from bot.services.plan_import import import_document, read_document
from bot.shell.cli import app
from locales import t
from tests.support.cli import cli_env, runner  # noqa: F401  (cli_env: an autouse fixture)

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
NAMES = ["ke-hoach-tinh-tay-ninh-2025-696", "ke-hoach-tp-tay-ninh-2025", "ke-hoach-xa-tu-xuyen-2024"]


def seed(name: str) -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")


def dvbot(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["plan", "import", *args])
    return result.exit_code, result.output


def write_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(str(path))


def write_pdf(text: str, path: Path, width: int = 95, per_page: int = 48) -> None:
    """A text-layer PDF, hard-wrapped as a page would (matplotlib's PDF
    backend, TrueType fonts embedded so the text extracts as Unicode)."""
    import matplotlib

    matplotlib.use("pdf")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    lines: list[str] = []
    for raw in text.splitlines():
        lines += textwrap.wrap(raw, width, break_long_words=False, break_on_hyphens=False) or [""]
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(path) as pdf:
        for start in range(0, len(lines), per_page):
            fig = Figure(figsize=(8.27, 11.69))
            for i, line in enumerate(lines[start:start + per_page]):
                fig.text(0.06, 0.96 - i * 0.019, line.replace("$", r"\$"), fontsize=8, family="DejaVu Sans")
            pdf.savefig(fig)


def write_scan(path: Path) -> None:
    """A PDF page that is an image only, as a scanner makes."""
    import matplotlib
    import numpy

    matplotlib.use("pdf")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.27, 11.69))
    fig.figimage(numpy.random.default_rng(0).random((400, 300)))
    fig.savefig(path, format="pdf")


@pytest.mark.parametrize("name", NAMES)
def test_docx_and_pdf_copies_import_identically(name: str, tmp_path: Path) -> None:
    text = seed(name)
    clean = import_plan(text, t).draft
    docx_file, pdf_file, md_file = tmp_path / f"{name}.docx", tmp_path / f"{name}.pdf", tmp_path / f"{name}.md"
    write_docx(text, docx_file)
    write_pdf(text, pdf_file)
    md_file.write_text(text, encoding="utf-8")
    for path in (docx_file, pdf_file, md_file):
        draft = import_document(path.name, path.read_bytes()).draft
        draft["document"].pop("source")
        assert draft == clean, path.suffix


def test_a_docx_footnote_is_kept_apart_like_the_texts() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # the parts read: the body, and footnotes.xml
        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        archive.writestr("word/footnotes.xml", f'<w:footnotes {w}><w:footnote w:id="0"><w:p><w:r><w:t>x</w:t></w:r></w:p>'
                         '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Quyết định số 490/QĐ-UBND ngày 05/3/2021 '
                         'của Ủy ban nhân dân tỉnh;</w:t></w:r></w:p></w:footnote></w:footnotes>')
    from bot.services import plan_import

    assert plan_import._footnote_lines(buffer.getvalue()) == ["1 Quyết định số 490/QĐ-UBND ngày 05/3/2021 của Ủy ban nhân dân tỉnh;"]


def test_import_prints_the_preview_and_writes_a_draft_that_validates(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    code, output = dvbot(str(SEEDS / f"{NAMES[1]}.txt"), "--out", str(out))
    assert code == 0, output
    assert "Lĩnh vực (phần nội dung): 5" in output and "Thời hạn: 5" in output
    assert "số văn bản" in output and "ngày ký" in output  # left blank in the document
    assert "năm của kế hoạch lấy từ tiêu đề — dòng 8: năm 2025" in output  # the year, inferred
    assert f"Đã ghi bản nháp vào {out}" in output
    text = out.read_text(encoding="utf-8")
    plan = load_plan_text(text, str(out))
    assert plan.code == "thanh-pho-tay-ninh-2025" and plan.document.number is None
    assert "# dòng 143: “- Báo cáo 6 tháng: Trước ngày 12/5/2025”" in text


def test_import_in_english_and_as_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVBOT_LOCALE", "en")
    code, output = dvbot(str(SEEDS / f"{NAMES[2]}.txt"))
    assert code == 0, output
    assert "Areas (the content part): 7" in output and "No file written" in output
    code, output = dvbot(str(SEEDS / f"{NAMES[2]}.txt"), "--json")
    data = json.loads(output)
    assert data["preview"]["counts"]["areas"] == 7 and data["draft"]["code"] == "xa-tu-xuyen-2024"
    assert not list(tmp_path.iterdir())


def test_year_option_gives_the_year_a_document_does_not(tmp_path: Path) -> None:
    text = seed(NAMES[1]).replace("năm 2025", "năm nay").replace("ngày tháng năm nay", "ngày tháng năm")
    doc = tmp_path / "plan.txt"
    doc.write_text(text, encoding="utf-8")
    code, output = dvbot(str(doc))
    assert code == 1 and "--year" in output
    code, output = dvbot(str(doc), "--year", "2025", "--json")
    assert code == 0 and json.loads(output)["draft"]["year"] == 2025


@pytest.mark.parametrize(("name", "content", "words"), [
    ("empty.txt", b"", "Tệp trống"),
    ("blank.docx", None, "Tệp trống"),
    ("note.txt", "Biên bản họp. Nội dung: bàn việc quý II.".encode(), "không phải là kế hoạch"),
    ("scan.pdf", "no text", "Không đọc được chữ"),
    ("plan.odt", b"PK...", "Không đọc được loại tệp .odt"),
])
def test_not_a_plan_gets_a_clear_answer_and_nothing_is_written(tmp_path: Path, name: str, content: object,
                                                               words: str) -> None:
    doc = tmp_path / name
    if name.endswith(".docx"):
        write_docx("", doc)
    elif name.endswith(".pdf"):
        write_scan(doc)
    else:
        doc.write_bytes(content)  # type: ignore[arg-type]
    out = tmp_path / "draft.yaml"
    code, output = dvbot(str(doc), "--out", str(out))
    assert code == 1
    assert words in output and "Không có gì được lưu" in output
    assert not out.exists()


def test_read_document_keeps_a_docx_paragraph_order() -> None:
    text = "Số: 7/KH-UBND\nKẾ HOẠCH\n- Một\n- Hai"
    import io

    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_document("k.docx", buffer.getvalue()) == text
