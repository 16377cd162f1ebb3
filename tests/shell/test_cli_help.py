"""The CLI's help is in one language per setting: Vietnamese by default,
English with DVBOT_LOCALE=en or --lang en — every command's page, the
page's own words ("Usage", "Options", the --help line) included."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from bot.shell.cli import app
from bot.shell.cli import help as cli_help

DVBOT = Path(sys.executable).with_name("dvbot")
TREE = cli_help.command(app, "vi")
PATHS = [path for path, _ in cli_help.walk(TREE)]
NAMES = {name for path in PATHS for name in path}

# Words an English sentence can hardly do without, and the English words of
# dvbot's own help; none may appear in the Vietnamese pages.
ENGLISH = set("""
the a an and or of to for on with from by at is are be been this that these it its as not no only every each
when then than into onto via per show shows help exit usage options commands arguments default required file
files database unit units plan plans round rounds code codes name print prints write writes list add remove
move retire revoke make give store stored load validate copy year new newest where which what run runs chat
reminders reminder send sends invite officer admin admins scope text number path value
""".split())
# Names that read the same in both languages: products, formats, settings.
NAMES_BOTH = {"dvbot", "zalo", "telegram", "console", "bot", "platform", "webhook", "json", "csv", "yaml", "xlsx",
              "excel", "sqlite", "vi", "en", "https", "t", "me", "start", "polling", "long", "id"}


def page(lang: str, *args: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as done:
        cli_help.command(app, lang).main(args=[*args, "--help"], prog_name="dvbot")
    assert done.value.code == 0
    return capsys.readouterr().out


def words(text: str) -> list[str]:
    """The words of a help page, without option names, command names,
    placeholders (UNIT, DVBOT_LOCALE), codes and addresses."""
    text = re.sub(r"--[\w-]+|https?://\S+|\S+\.(?:yaml|csv|xlsx)\b|<[^>]*>", " ", text)
    out = []
    for word in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text):
        if word.isupper() or word.lower() in NAMES or word.lower() in NAMES_BOTH:
            continue
        out.append(word.lower())
    return out


def vietnamese(word: str) -> bool:
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", word)) or "đ" in word


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "dvbot")
def test_vietnamese_help_has_no_english_sentence(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    text = page("vi", *path, capsys=capsys)
    assert text.startswith("Cách dùng: dvbot")
    english = sorted({w for w in words(text) if w in ENGLISH or "'" in w or "’" in w})
    assert english == [], text
    assert sum(map(vietnamese, words(text))) >= 3  # it is Vietnamese, not empty


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "dvbot")
def test_english_help_has_no_vietnamese(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    text = page("en", *path, capsys=capsys)
    assert text.startswith("Usage: dvbot")
    assert [w for w in words(text) if vietnamese(w)] == [], text
    assert "Show this help and exit." in text


def test_every_command_and_option_has_help_in_both_languages() -> None:
    from locales import catalogue

    needed = {"clihelp." + k for k in cli_help.keys(TREE)}
    assert len(needed) > 80
    for lang in ("vi", "en"):
        assert sorted(needed - set(catalogue(lang))) == []


def test_language_follows_the_setting_and_lang_before_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DVBOT_LOCALE", raising=False)
    assert cli_help.language(["plan", "list"]) == "vi"
    assert cli_help.language(["--lang", "en", "plan", "--help"]) == "en"
    assert cli_help.language(["--db", "x.sqlite3", "--lang=en", "chat"]) == "en"
    assert cli_help.language(["summary", "--lang", "en", "--help"]) == "vi"  # summary's own output language
    monkeypatch.setenv("DVBOT_LOCALE", "en")
    assert cli_help.language(["--help"]) == "en"
    assert cli_help.language(["--lang", "vi", "--help"]) == "vi"


def test_the_installed_command_speaks_the_setting(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DVBOT_")}
    vi = subprocess.run([str(DVBOT), "--help"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    en = subprocess.run([str(DVBOT), "invite", "--help"], env={**env, "DVBOT_LOCALE": "en"}, cwd=tmp_path,
                        capture_output=True, text=True, timeout=60)
    flag = subprocess.run([str(DVBOT), "--lang", "en", "--help"], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    bare = subprocess.run([str(DVBOT), "plan"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert bare.stderr.startswith("Cách dùng: dvbot plan") and "Lệnh:" in bare.stderr  # a group without its command
    assert vi.returncode == en.returncode == flag.returncode == 0
    assert vi.stdout.startswith("Cách dùng: dvbot") and "Hiện hướng dẫn này rồi thoát." in vi.stdout
    assert en.stdout.startswith("Usage: dvbot invite") and "codes per unit" in en.stdout
    assert flag.stdout.startswith("Usage: dvbot") and "Commands:" in flag.stdout
