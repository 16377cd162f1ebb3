"""JSON as ``json.dumps(doc, ensure_ascii=False, indent=2, default=str)``
writes it, character for character, made faster and written as it goes.

The standard library encodes an indented document in pure Python, one
generator per nesting level, every piece passed up through each of them: a
summary of 5,000 units is some 3 million pieces, 0.55 s. Here each value is
one string put together by ``str.join`` (recursing by plain calls), and the
top level's items (a summary's units one by one) are handed to ``write`` as
they are done. Strings, numbers and the rest are rendered by the very
functions ``json`` uses (``tests/shell/test_cli_json.py`` compares the text).
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

INDENT = "  "


def _float(x: float) -> str:
    if x != x:
        return "NaN"
    if x == float("inf"):
        return "Infinity"
    if x == -float("inf"):
        return "-Infinity"
    return float.__repr__(x)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return encode_basestring(key)
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, float):
        return encode_basestring(_float(key))
    if isinstance(key, int):
        return encode_basestring(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def encode(value: Any, level: int = 0) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2,
    default=str)`` gives it, nested ``level`` deep."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = "\n" + INDENT * (level + 1)
        return "[" + inner + ("," + inner).join([encode(v, level + 1) for v in value]) + "\n" + INDENT * level + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + INDENT * (level + 1)
        return ("{" + inner + ("," + inner).join([_key(k) + ": " + encode(v, level + 1) for k, v in value.items()])
                + "\n" + INDENT * level + "}")
    return encode(str(value), level)


def write_json(doc: Any, write: Callable[[str], object]) -> None:
    """``doc`` as :func:`encode` gives it, handed to ``write`` a top-level
    item at a time (a list's values, a dict's entries; a list value of the
    top dict, such as a summary's units, one value at a time)."""
    if isinstance(doc, dict) and doc:
        write("{")
        first = True
        for k, v in doc.items():
            write(("\n" if first else ",\n") + INDENT + _key(k) + ": ")
            first = False
            if isinstance(v, list | tuple) and v:
                write("[")
                for i, item in enumerate(v):
                    write(("\n" if i == 0 else ",\n") + INDENT * 2 + encode(item, 2))
                write("\n" + INDENT + "]")
            else:
                write(encode(v, 1))
        write("\n}")
        return
    write(encode(doc))


__all__ = ["encode", "write_json"]
