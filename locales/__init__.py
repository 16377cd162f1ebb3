"""Every user-facing string, by key, in Vietnamese (default) and English.

Catalogues are YAML files under ``locales/<lang>/``: one file per area
(``core.yaml``, ``registration.yaml``, ``zalo.yaml`` …), nested mappings whose
dotted paths are the keys. Placeholders use ``str.format`` syntax
(``{deadline}``). Text is normalised to NFC on load.
"""

from __future__ import annotations

import string
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).parent
LANGUAGES = ("vi", "en")
DEFAULT = "vi"
# libyaml's parser when PyYAML has it (about ten times faster: the catalogues
# are read at every start of the command line), else the pure-Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _flatten(prefix: str, node: Any, out: dict[str, str], source: Path) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            _flatten(f"{prefix}.{k}" if prefix else str(k), v, out, source)
        return
    if prefix in out:
        raise ValueError(f"{source}: key {prefix!r} defined twice")
    out[prefix] = unicodedata.normalize("NFC", str(node).rstrip("\n"))


@cache
def catalogue(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted((ROOT / lang).glob("*.yaml")):
        _flatten("", yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}, out, path)
    return out


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The text for ``key`` in ``lang`` (falling back to Vietnamese), formatted."""
    lang = lang if lang in LANGUAGES else DEFAULT
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT).get(key)
    if text is None:
        raise KeyError(f"missing locale key {key!r}")
    return text.format(**params) if params else text


def has(key: str) -> bool:
    return key in catalogue(DEFAULT)
