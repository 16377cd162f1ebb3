"""The catalogues stay in step: same keys, same placeholders, NFC text, and
every key the code asks for exists."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from locales import LANGUAGES, catalogue, placeholders, t

ROOT = Path(__file__).resolve().parents[1]


def test_same_keys_in_every_language() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    assert sorted(set(vi) - set(en)) == [], "keys missing in en"
    assert sorted(set(en) - set(vi)) == [], "keys missing in vi"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_same_placeholders(lang: str) -> None:
    other = "en" if lang == "vi" else "vi"
    mine, theirs = catalogue(lang), catalogue(other)
    wrong = {k: (placeholders(v), placeholders(theirs[k])) for k, v in mine.items()
             if k in theirs and placeholders(v) != placeholders(theirs[k])}
    assert wrong == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_is_nfc_and_not_empty(lang: str) -> None:
    for key, text in catalogue(lang).items():
        assert text.strip(), key
        assert unicodedata.normalize("NFC", text) == text, key


def test_every_literal_key_used_in_code_exists() -> None:
    """``ctx.say("x.y")``, ``ctx.t("x.y")`` and ``t("x.y", …)`` with a literal key."""
    pattern = re.compile(r"""(?:\bsay|\.t|\bt)\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
    missing = []
    for folder in ("bot", "handlers"):
        for path in (ROOT / folder).rglob("*.py"):
            for key in pattern.findall(path.read_text(encoding="utf-8")):
                if key not in catalogue("vi"):
                    missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert missing == []


def test_fallback_and_formatting() -> None:
    assert t("status.days_left", "en", days=3) == "3 days left"
    assert t("status.days_left", "vi", days=3) == "còn 3 ngày"
    assert t("status.days_left", "xx", days=3) == "còn 3 ngày"  # unknown language → Vietnamese
    with pytest.raises(KeyError):
        t("no.such.key", "vi")
