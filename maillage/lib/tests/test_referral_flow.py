"""The referral state machine: explicit transitions, reasons, terminal outcomes.

Property-based: hypothesis drives random sequences of attempted moves and checks that
nothing reaches an impossible state or loses a history entry.
"""

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from maillage.lib import referral_flow as flow
from maillage.lib.referral_flow import Flow, TransitionRefused, check_transition

any_status = st.sampled_from([*flow.STATUSES, "bogus"])
any_reason = st.sampled_from(["", *flow.REASONS, "bogus"])


def test_every_status_has_its_transitions_declared():
    assert set(flow.TRANSITIONS) == set(flow.STATUSES)
    for targets in flow.TRANSITIONS.values():
        assert targets <= set(flow.STATUSES)


def test_outcomes_are_terminal_and_open_statuses_can_reach_one():
    for status in flow.OUTCOMES:
        assert flow.allowed_from(status) == frozenset()
    for status in flow.OPEN:
        assert flow.allowed_from(status) & flow.OUTCOMES


def test_every_status_is_reachable_from_the_start():
    seen, todo = {flow.INITIAL}, [flow.INITIAL]
    while todo:
        for target in flow.allowed_from(todo.pop()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    assert seen == set(flow.STATUSES)


@pytest.mark.parametrize("to_status", sorted(flow.REASON_REQUIRED))
def test_not_used_and_refused_require_a_reason(to_status):
    with pytest.raises(TransitionRefused) as refused:
        check_transition(flow.REQUESTED, to_status)
    assert refused.value.code == "reason_required"
    check_transition(flow.REQUESTED, to_status, "transport")


def test_a_reason_must_come_from_the_list_and_fit_the_transition():
    with pytest.raises(TransitionRefused, match="unknown_reason"):
        check_transition(flow.REQUESTED, flow.NOT_USED, "bad weather")
    with pytest.raises(TransitionRefused, match="reason_not_expected"):
        check_transition(flow.PROPOSED, flow.ACCEPTED, "transport")
    check_transition(flow.REQUESTED, flow.WITHDRAWN)
    check_transition(flow.REQUESTED, flow.WITHDRAWN, "other")


def test_the_service_cannot_refuse_before_a_request_is_made():
    with pytest.raises(TransitionRefused, match="not_allowed"):
        check_transition(flow.PROPOSED, flow.REFUSED, "eligibility")


def test_a_walk_to_not_used_for_transport_keeps_each_step():
    referral = Flow()
    referral.move(flow.ACCEPTED)
    referral.move(flow.REQUESTED)
    referral.move(flow.WAITING_LIST)
    referral.move(flow.NOT_USED, "transport")
    assert [entry.to_status for entry in referral.history] == [
        flow.PROPOSED,
        flow.ACCEPTED,
        flow.REQUESTED,
        flow.WAITING_LIST,
        flow.NOT_USED,
    ]
    assert referral.history[-1].reason == "transport"


@settings(max_examples=300)
@given(st.lists(st.tuples(any_status, any_reason), max_size=20))
def test_random_sequences_never_reach_an_impossible_state(moves):
    referral = Flow()
    for to_status, reason in moves:
        before = (referral.status, list(referral.history))
        try:
            referral.move(to_status, reason)
        except TransitionRefused:
            assert (referral.status, referral.history) == before
        else:
            assert len(referral.history) == len(before[1]) + 1
            assert to_status in flow.TRANSITIONS[before[0]]
        assert referral.status in flow.STATUSES
    # The history chains: each entry starts where the previous one ended.
    for previous, entry in pairwise(referral.history):
        assert entry.from_status == previous.to_status
    assert referral.history[-1].to_status == referral.status


class ReferralMachine(RuleBasedStateMachine):
    """Attempts any move with any reason; checks the invariants after each step."""

    def __init__(self):
        super().__init__()
        self.flow = Flow()
        self.expected_length = 1

    @rule(to_status=any_status, reason=any_reason)
    def attempt(self, to_status, reason):
        before_status = self.flow.status
        before_history = list(self.flow.history)
        try:
            entry = self.flow.move(to_status, reason)
        except TransitionRefused:
            assert self.flow.status == before_status
            assert self.flow.history == before_history
            return
        self.expected_length += 1
        assert not flow.is_terminal(before_status)
        assert entry == self.flow.history[-1]
        assert entry.from_status == before_status
        if to_status in flow.REASON_REQUIRED:
            assert entry.reason in flow.REASONS

    @invariant()
    def history_is_never_lost(self):
        assert len(self.flow.history) == self.expected_length
        assert self.flow.history[0].to_status == flow.INITIAL

    @invariant()
    def status_is_possible(self):
        assert self.flow.status in flow.STATUSES
        assert self.flow.history[-1].to_status == self.flow.status

    @invariant()
    def terminal_statuses_are_terminal(self):
        outcomes = [e for e in self.flow.history if e.to_status in flow.OUTCOMES]
        assert len(outcomes) <= 1
        if outcomes:
            assert self.flow.history[-1] == outcomes[0]


TestReferralMachine = ReferralMachine.TestCase
TestReferralMachine.settings = settings(max_examples=200, stateful_step_count=25)
