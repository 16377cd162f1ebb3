"""JSON as ``json.dumps(doc, ensure_ascii=False, indent=2, default=str)``
writes it, character for character, made faster and written as it goes.

The standard library encodes an indented document in pure Python, one
generator per nesting level, every piece passed up through each of them: a
summary of 5,000 units is some 3 million pieces, 0.55 s. Here each value is
one string put together by ``str.join`` (recursing by plain calls), and the
entries of the three top levels (a summary's units and their fields, its
totals' groups) are handed to ``write`` one by one as they are done. Strings, numbers and the rest are rendered by the very
functions ``json`` uses (``tests/shell/test_cli_json.py`` compares the text).
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

INDENT = "  "
STREAMED_LEVELS = 3  # containers this shallow are written entry by entry


def _float(x: float) -> str:
    if x != x:
        return "NaN"
    if x == float("inf"):
        return "Infinity"
    if x == -float("inf"):
        return "-Infinity"
    return float.__repr__(x)


def _key(key: Any) -> str:
    """A dict key as ``json.dumps`` writes it: a string as it is, a number,
    boolean or null as the quoted text :func:`encode` gives the value."""
    if isinstance(key, str):
        return encode_basestring(key)
    if key is None or isinstance(key, bool | int | float):
        return encode_basestring(encode(key))
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
    """``doc`` as :func:`encode` gives it, handed to ``write`` in pieces: the
    containers of the :data:`STREAMED_LEVELS` top levels entry by entry (a
    summary's units and their fields, its totals' groups), anything deeper
    as one string."""
    _stream(doc, 0, write)


def _stream(value: Any, level: int, write: Callable[[str], object]) -> None:
    if level >= STREAMED_LEVELS or not isinstance(value, list | tuple | dict) or not value:
        write(encode(value, level))
        return
    inner = "\n" + INDENT * (level + 1)
    if isinstance(value, dict):
        write("{")
        for i, (k, v) in enumerate(value.items()):
            write(("," if i else "") + inner + _key(k) + ": ")
            _stream(v, level + 1, write)
        write("\n" + INDENT * level + "}")
        return
    write("[")
    for i, v in enumerate(value):
        write(("," if i else "") + inner)
        _stream(v, level + 1, write)
    write("\n" + INDENT * level + "]")


__all__ = ["encode", "write_json"]
