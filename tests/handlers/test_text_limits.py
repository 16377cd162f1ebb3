"""Text questions announce their length limit in the hint, and the "send it
as a file" advice appears only where a file is accepted (evidence), issue #10."""

from __future__ import annotations

import pytest

from bot.domain.checklist.validate import MAX_TEXT, AnswerError, parse_answer
from bot.domain.plan.model import Question, QuestionType
from handlers.views import render
from locales import t

T = QuestionType
SHORT = Question(id="so-hieu", type=T.TEXT, text="Số, ký hiệu", max_length=60)
FREE = Question(id="ket-qua", type=T.TEXT, text="Kết quả")
PROOF = Question(id="minh-chung", type=T.EVIDENCE, text="Minh chứng")


def _refusal(q: Question, raw: str) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        parse_answer(q, raw)
    return info.value


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_text_hint_names_the_limit(lang: str) -> None:
    assert "60" in render.type_hint(SHORT, lang)
    assert str(MAX_TEXT) in render.type_hint(FREE, lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_only_evidence_suggests_a_file(lang: str) -> None:
    text_err = _refusal(SHORT, "x" * 61)
    proof_err = _refusal(PROOF, "x" * (MAX_TEXT + 1))
    assert text_err.key == "answer.too_long" and text_err.params == {"length": 61, "max": 60}
    assert proof_err.key == "answer.too_long_evidence"
    file_word = {"vi": "tệp", "en": "file"}[lang]
    assert file_word not in t(text_err.key, lang, **text_err.params)
    assert file_word in t(proof_err.key, lang, **proof_err.params)
