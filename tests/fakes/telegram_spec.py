"""Check Bot API requests against the Bot API as data (``telegram-bot-api.json``).

The fake Bot API server calls :func:`check_request` for every request: the
method must exist, every required field be present, no unknown field be sent,
and every value have one of the documented types. Clients such as PTB send
form fields whose non-string values are JSON-encoded, so a raw string is
decoded according to the field's documented types.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

SPEC_PATH = Path("/work/shared/domain/telegram-bot-api.json")
_INT = re.compile(r"^-?\d+$")
_PRIMITIVES = {"Integer", "Float", "Boolean", "String", "True", "InputFile"}


class UploadedFile:
    """A multipart file part (an ``InputFile`` value)."""

    def __init__(self, name: str, filename: str | None, content: bytes, mime: str | None) -> None:
        self.name, self.filename, self.content, self.mime = name, filename, content, mime

    def __repr__(self) -> str:
        return f"UploadedFile({self.filename!r}, {len(self.content)} bytes)"


@lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return data


def method_fields(method: str) -> dict[str, dict[str, Any]] | None:
    m = spec()["methods"].get(method)
    if m is None:
        return None
    return {f["name"]: f for f in m.get("fields", [])}


def _primitive_ok(value: Any, t: str) -> bool:
    if t == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if t == "Boolean":
        return isinstance(value, bool)
    if t == "True":
        return value is True
    if t == "String":
        return isinstance(value, str)
    if t == "InputFile":
        return isinstance(value, UploadedFile) or (
            isinstance(value, str) and value.startswith("attach://")
        )
    return False


def value_errors(value: Any, t: str, path: str) -> list[str]:
    """Errors of a decoded value against one documented type (empty: it matches)."""
    if t.startswith("Array of "):
        if not isinstance(value, list):
            return [f"{path}: expected {t}, got {type(value).__name__}"]
        errs: list[str] = []
        for i, item in enumerate(value):
            errs += value_errors(item, t[len("Array of ") :], f"{path}[{i}]")
        return errs
    if t in _PRIMITIVES:
        return [] if _primitive_ok(value, t) else [f"{path}: expected {t}, got {value!r}"]
    typ = spec()["types"].get(t)
    if typ is None:
        return [f"{path}: unknown type {t}"]
    if "subtypes" in typ and not typ.get("fields"):
        best: list[str] | None = None
        for sub in typ["subtypes"]:
            errs = value_errors(value, sub, path)
            if not errs:
                return []
            if best is None or len(errs) < len(best):
                best = errs
        return best or [f"{path}: matches no subtype of {t}"]
    if not isinstance(value, dict):
        return [f"{path}: expected {t} object, got {value!r}"]
    fields = {f["name"]: f for f in typ.get("fields", [])}
    errs = [f"{path}: unknown field {k!r} in {t}" for k in value if k not in fields]
    for name, f in fields.items():
        if name not in value:
            if f["required"]:
                errs.append(f"{path}: missing required {t}.{name}")
            continue
        errs += alternatives_errors(value[name], f["types"], f"{path}.{name}")
    # Subtypes are told apart by a literal field ("type": "chat"); the description says so.
    for name, f in fields.items():
        m = re.search(r"must be (\w+)", f.get("description", ""))
        if name in ("type", "status", "source") and m and value.get(name) not in (None, m.group(1)):
            errs.append(f"{path}.{name}: must be {m.group(1)}")
    return errs


def alternatives_errors(value: Any, types: list[str], path: str) -> list[str]:
    collected: list[str] = []
    for t in types:
        errs = value_errors(value, t, path)
        if not errs:
            return []
        collected += errs
    return collected


def _decode_raw(raw: str, types: list[str], path: str) -> list[str]:
    """A form value is a plain string for ``String`` fields, else JSON."""
    for t in types:
        if t == "String":
            return []
        if t == "InputFile" and raw.startswith("attach://"):
            return []
        if t == "Integer" and _INT.match(raw):
            return []
    try:
        decoded = json.loads(raw)
    except ValueError:
        return [f"{path}: {raw[:40]!r} is not valid for {' or '.join(types)}"]
    return alternatives_errors(decoded, types, path)


def check_request(method: str, params: dict[str, Any]) -> list[str]:
    """Every problem with one request (empty list: valid).

    ``params`` maps field names to raw form strings, decoded JSON values (a
    JSON body) or :class:`UploadedFile` parts.
    """
    fields = method_fields(method)
    if fields is None:
        return [f"{method}: no such Bot API method"]
    errs = [f"{method}: unknown field {k!r}" for k in params if k not in fields]
    for name, f in fields.items():
        if name not in params:
            if f["required"]:
                errs.append(f"{method}: missing required field {name!r}")
            continue
        value = params[name]
        if isinstance(value, str) and "String" not in f["types"]:
            errs += _decode_raw(value, f["types"], f"{method}.{name}")
        else:
            errs += alternatives_errors(value, f["types"], f"{method}.{name}")
    return errs


def decode_field(value: Any) -> Any:
    """A raw form value decoded as JSON when it is JSON, else returned as is."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def sample_object(type_name: str, **given: Any) -> dict[str, Any]:
    """An object of ``type_name`` with ``given`` fields and every other required
    Boolean field false (e.g. the many ``can_*`` flags of ChatMemberAdministrator)."""
    out = dict(given)
    for f in spec()["types"][type_name].get("fields", []):
        if f["required"] and f["name"] not in out and f["types"] == ["Boolean"]:
            out[f["name"]] = False
    return out


async def parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    """Request parameters from a JSON, URL-encoded or multipart body."""
    if not body:
        return {}
    if content_type.startswith("application/json"):
        data: dict[str, Any] = json.loads(body)
        return data
    if content_type.startswith("multipart/form-data"):
        from email.parser import BytesParser
        from email.policy import HTTP

        msg = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        out: dict[str, Any] = {}
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            raw = part.get_payload(decode=True)
            payload = raw if isinstance(raw, bytes) else b""
            if filename is not None:
                out[str(name)] = UploadedFile(str(name), filename, payload, part.get_content_type())
            else:
                out[str(name)] = payload.decode("utf-8")
        return out
    from urllib.parse import parse_qs

    return {k: v[0] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}


def decode_params(method: str, params: dict[str, Any]) -> dict[str, Any]:
    """Raw form values decoded as JSON, except for fields documented as strings."""
    fields = method_fields(method) or {}
    out: dict[str, Any] = {}
    for k, v in params.items():
        types = fields.get(k, {}).get("types", [])
        if isinstance(v, str) and types == ["String"]:
            out[k] = v
        elif isinstance(v, str) and "String" in types and not _INT.match(v):
            out[k] = v
        else:
            out[k] = decode_field(v)
    return out
