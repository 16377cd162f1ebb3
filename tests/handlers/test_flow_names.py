"""Every flow a session can be in is a Flow member and has a handler; the
stored strings are the members' values."""

from __future__ import annotations

from handlers.commands import all_flows
from handlers.flows.names import Flow


def test_every_flow_has_a_handler_and_every_handler_a_name() -> None:
    flows = all_flows()
    assert set(flows) == set(Flow)
    assert all(isinstance(name, Flow) for name in flows)


def test_stored_values_are_unchanged() -> None:
    assert Flow.REPORT == "report" and str(Flow.CHOOSE_ROUND) == "choose_round"
    assert {str(f) for f in Flow} == {
        "idle", "register", "leave", "report", "choose_round", "admin_pick", "admin_review",
        "admin_appraise", "admin_broadcast", "admin_invite", "remind_pick", "remind_confirm", "remind_text_pick",
        "plan_import", "plan_import_confirm",
    }
