"""A drafted administrative document as plain data: what goes in it, in
order, with its text already worded. Built by ``unit_report`` and
``scope_report`` (assembly, no Word), drawn by ``render`` (python-docx)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BLANK = "…"  # a fact or answer the document must show as missing, for the signer to fill

Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    bold: bool = False
    italic: bool = False
    align: Align = "justify"
    indent: bool = True  # first-line indent of a body paragraph


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1  # 1: "I. …" (bold capitals), 2: "1. …" (bold), 3: "a) …" (bold italic)


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...] = ()
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class PageBreak:
    """A new page here (before the appendices)."""


Block = Para | Heading | Table | PageBreak


@dataclass(frozen=True, slots=True)
class Header:
    """The header block (Nghị định 30/2020/NĐ-CP, Phụ lục I): the issuing body
    (under the body above it) on the left, Quốc hiệu and Tiêu ngữ on the right;
    then the number/symbol line and the place-and-date line."""

    parent: str | None  # the body above the issuer (not bold), if any
    issuer: str  # the issuing body (bold)
    number: str  # "Số: …/BC-…"
    place_date: str  # "Tây Ninh, ngày … tháng … năm 2025"
    motto: tuple[str, str]  # Quốc hiệu, Tiêu ngữ


@dataclass(frozen=True, slots=True)
class Signer:
    title: str  # "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH", or a blank
    hint: str  # "(Ký, ghi rõ họ tên, đóng dấu)"
    name: str  # the name, or a blank


@dataclass(frozen=True, slots=True)
class Document:
    header: Header
    doc_type: str  # "BÁO CÁO"
    subject: str
    body: tuple[Block, ...]
    recipients_title: str  # "Nơi nhận:"
    recipients: tuple[str, ...]
    signer: Signer
    appendix: tuple[Block, ...] = field(default_factory=tuple)
