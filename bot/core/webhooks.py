"""What every webhook route shares: how large a body may be, and reading it
as JSON without trusting it.

The shared server (``bot/shell/webhook.py``) refuses a body over
:data:`MAX_BODY_BYTES` with 413 before a route reads it; a route then calls
:func:`load_json`, which refuses malformed or absurdly nested JSON with
:class:`~bot.core.errors.BadUpdate` (answered 400, logged as one warning line, never a traceback).
"""

from __future__ import annotations

import json
from typing import Any

from bot.core.errors import BadUpdate

# Platform updates are a few kilobytes; a megabyte is generous.
MAX_BODY_BYTES = 1024 * 1024
# A real update nests about 5 levels deep (update → message → reply → chat).
MAX_JSON_DEPTH = 32


def depth(value: Any) -> int:
    """How deeply ``value`` nests lists and objects (a scalar is 0); iterative,
    so a hostile value cannot exhaust the stack."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        todo.extend((child, level + 1) for child in children)
    return deepest


def load_json(raw: bytes) -> Any:
    """The JSON value of ``raw``; :class:`BadUpdate` when it is not UTF-8 JSON or
    nests deeper than :data:`MAX_JSON_DEPTH`."""
    try:
        value = json.loads(raw)
    except RecursionError as exc:
        raise BadUpdate("JSON nested too deeply") from exc
    except ValueError as exc:  # also UnicodeDecodeError
        raise BadUpdate("malformed JSON") from exc
    if depth(value) > MAX_JSON_DEPTH:
        raise BadUpdate("JSON nested too deeply")
    return value


def json_object(raw: bytes) -> dict[str, Any]:
    """:func:`load_json`, and the value must be an object."""
    value = load_json(raw)
    if not isinstance(value, dict):
        raise BadUpdate(f"a JSON {type(value).__name__} instead of an object")
    return value
