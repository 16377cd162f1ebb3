"""A question type is found, not listed: a module dropped into
``bot/domain/questions/`` with a ``KIND`` is registered without editing any
other file, after the built-ins and in name order."""

from __future__ import annotations

import ast
import json
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import bot.domain.questions as questions
from bot.domain.questions import QuestionType, discover, names

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "bot" / "domain" / "questions"

ZODIAC = '''
from __future__ import annotations

from bot.domain.questions.base import QuestionKind


class ZodiacKind(QuestionKind):
    name = "zodiac"

    def parse(self, q, raw):
        return raw


KIND = ZodiacKind()
'''


def test_a_module_dropped_into_a_copy_of_the_package_is_registered(tmp_path: Path) -> None:
    # A copy of the whole ``bot`` tree with one new file and nothing else edited,
    # imported fresh in its own interpreter so the real registry is untouched.
    shutil.copytree(ROOT / "bot", tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "bot" / "domain" / "questions" / "zodiac.py").write_text(ZODIAC, encoding="utf-8")
    (tmp_path / "bot" / "domain" / "questions" / "apple.py").write_text(
        ZODIAC.replace("Zodiac", "Apple").replace('"zodiac"', '"apple"'), encoding="utf-8")
    code = ("import json, bot.domain.questions as q; "
            "print(json.dumps([q.__file__, list(q.names()), [k.name for k in q.BUILTIN]]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)},
                         capture_output=True, text=True, check=True).stdout
    where, registered, builtin = json.loads(out)
    assert Path(where).is_relative_to(tmp_path)
    assert registered == [t.value for t in QuestionType] + ["apple", "calculated", "zodiac"]
    assert builtin == [t.value for t in QuestionType]


def test_discovery_follows_the_package_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same, in process: a second directory on the package's path.
    (tmp_path / "zodiac.py").write_text(ZODIAC, encoding="utf-8")
    monkeypatch.setattr(questions, "__path__", [*questions.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, f"{questions.__name__}.zodiac", raising=False)
    kinds = discover(questions.__path__, questions.__name__)
    assert [k.name for k in kinds] == [t.value for t in QuestionType] + ["calculated", "zodiac"]
    assert "zodiac" not in names()  # discovering registers nothing by itself
    del sys.modules[f"{questions.__name__}.zodiac"]


def test_every_module_with_a_kind_is_registered() -> None:
    with_kind = [getattr(sys.modules[f"{questions.__name__}.{m.name}"], "KIND", None)
                 for m in pkgutil.iter_modules(questions.__path__)]
    kinds = [k for k in with_kind if k is not None]
    assert sorted(k.name for k in kinds) == sorted(names())
    assert len(kinds) >= len(QuestionType)


def test_the_package_init_names_no_type_module() -> None:
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    type_modules = {f"{questions.__name__}.{m.name}" for m in pkgutil.iter_modules(questions.__path__)
                    if hasattr(sys.modules[f"{questions.__name__}.{m.name}"], "KIND")}
    assert not imported & type_modules
