"""The confirmation's buttons answer only the confirmation of their own round."""

from __future__ import annotations

from handlers.views import render
from handlers.views.submission import button_fits, submit_token


def test_a_confirmation_button_fits_only_its_own_pending_confirmation() -> None:
    asking = {"round_id": "6-thang", "mode": "review", "confirming": True}
    assert button_fits(asking, submit_token("6-thang"))
    assert not button_fits(asking, submit_token("ca-nam"))  # another round's old keyboard
    assert not button_fits(asking, render.token("quan-triet.trien-khai"))  # a question's keyboard
    answered = {"round_id": "6-thang", "mode": "review"}
    assert not button_fits(answered, submit_token("6-thang"))  # the confirmation was answered


def test_a_question_button_fits_only_the_question_asked() -> None:
    walk = {"round_id": "6-thang", "mode": "asking", "cursor": "q1"}
    assert button_fits(walk, render.token("q1"))
    assert not button_fits(walk, render.token("q2"))
    assert not button_fits({**walk, "mode": "review"}, render.token("q1"))
