"""The expressions of ``calculated`` questions: arithmetic over earlier
answers, read by a small parser of its own — never Python's ``eval``.

A formula is numbers, references to earlier questions in braces
(``{dan-chu-co-so.don-da-giai-quyet}``: ids hold dots and hyphens, so a bare
``a-b`` would be ambiguous), ``+ - * /``, unary minus and parentheses::

    {dan-chu-co-so.don-da-giai-quyet} / {dan-chu-co-so.don-thuoc-tham-quyen} * 100

Arithmetic is exact (:class:`~decimal.Decimal`). A reference that is not
answered, or not a number, leaves the result blank (``None``), and so does a
division by zero: a rate of nothing is not 0 %.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|\{(?P<ref>[a-z0-9][a-z0-9._-]*)\}|(?P<op>[-+*/()]))")
MAX_LENGTH = 500  # a formula longer than this is a mistake, not a rate


@dataclass(frozen=True, slots=True)
class Num:
    value: Decimal


@dataclass(frozen=True, slots=True)
class Ref:
    qid: str


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Expr


@dataclass(frozen=True, slots=True)
class Bin:
    op: str
    left: Expr
    right: Expr


Expr = Num | Ref | Neg | Bin


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ValueError(f"formula: cannot read {text[pos:pos + 20].strip()!r} (at {pos + 1})")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _Parser:
    """Recursive descent: sum := term (('+'|'-') term)*; term := unary (('*'|'/') unary)*;
    unary := '-' unary | atom; atom := number | {ref} | '(' sum ')'."""

    def __init__(self, text: str) -> None:
        self.tokens, self.i = _tokens(text), 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise ValueError("formula: ends too early")
        self.i += 1
        return tok

    def expr(self) -> Expr:
        node = self.term()
        while (tok := self.peek()) is not None and tok[1] in "+-" and tok[0] == "op":
            self.take()
            node = Bin(tok[1], node, self.term())
        return node

    def term(self) -> Expr:
        node = self.unary()
        while (tok := self.peek()) is not None and tok[1] in "*/" and tok[0] == "op":
            self.take()
            node = Bin(tok[1], node, self.unary())
        return node

    def unary(self) -> Expr:
        tok = self.peek()
        if tok == ("op", "-"):
            self.take()
            return Neg(self.unary())
        if tok == ("op", "+"):
            self.take()
            return self.unary()
        return self.atom()

    def atom(self) -> Expr:
        kind, text = self.take()
        if kind == "num":
            return Num(Decimal(text))
        if kind == "ref":
            return Ref(text)
        if text == "(":
            node = self.expr()
            if self.take() != ("op", ")"):
                raise ValueError("formula: a '(' is not closed")
            return node
        raise ValueError(f"formula: unexpected {text!r}")


def parse(text: str) -> Expr:
    """The expression ``text`` states; ``ValueError`` says what is wrong."""
    if len(text) > MAX_LENGTH:
        raise ValueError(f"formula: longer than {MAX_LENGTH} characters")
    parser = _Parser(text)
    node = parser.expr()
    if parser.peek() is not None:
        raise ValueError(f"formula: unexpected {parser.peek()[1]!r} after a complete expression")  # type: ignore[index]
    return node


def refs(node: Expr) -> list[str]:
    """The question ids the expression reads, in order, once each."""
    match node:
        case Ref(qid=qid):
            return [qid]
        case Neg(operand=operand):
            return refs(operand)
        case Bin(left=left, right=right):
            return list(dict.fromkeys(refs(left) + refs(right)))
    return []


def _is_hundred(node: Expr) -> bool:
    return isinstance(node, Num) and node.value == 100


def rate_pair(node: Expr) -> tuple[str, str] | None:
    """``(numerator, denominator)`` when the expression is a rate of two
    answers — ``{a} / {b}``, ``{a} / {b} * 100``, ``100 * {a} / {b}``,
    ``100 * ({a} / {b})`` — which a province pools (Σa ÷ Σb), else ``None``."""
    match node:
        case Bin(op="/", left=Ref(qid=a), right=Ref(qid=b)):
            return a, b
        case Bin(op="*", left=inner, right=hundred) if _is_hundred(hundred):
            return rate_pair(inner)
        case Bin(op="*", left=hundred, right=inner) if _is_hundred(hundred):
            return rate_pair(inner)
        case Bin(op="/", left=Bin(op="*", left=hundred, right=Ref(qid=a)), right=Ref(qid=b)) if _is_hundred(hundred):
            return a, b
    return None


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return Decimal(str(value))  # the shortest form: 0.1 stays 0.1
    except InvalidOperation:
        return None


def evaluate(node: Expr, answers: Mapping[str, Any]) -> Decimal | None:
    """The value over ``answers``; ``None`` when a reference is blank or not a
    number, or a division is by zero."""
    match node:
        case Num(value=value):
            return value
        case Ref(qid=qid):
            return _number(answers.get(qid))
        case Neg(operand=operand):
            inner = evaluate(operand, answers)
            return None if inner is None else -inner
        case Bin(op=op, left=left, right=right):
            a, b = evaluate(left, answers), evaluate(right, answers)
            if a is None or b is None:
                return None
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            return None if b == 0 else a / b
    raise AssertionError(node)
