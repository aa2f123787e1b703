"""The services keep the state machine's promises in the database, whatever the sequence."""

from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.audit.models import AuditEvent
from maillage.lib import referral_flow as flow
from maillage.referrals.models import Referral
from maillage.referrals.services import ReferralError, change_status

from .builders import make_referral

moves = st.lists(
    st.tuples(st.sampled_from(flow.STATUSES), st.sampled_from(["", *flow.REASONS])),
    max_size=8,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(moves=moves)
def test_random_status_changes_never_lose_history(ptp, family, moves):
    referral = make_referral(family, ptp)
    audits = AuditEvent.objects.for_org(family.organization).filter(
        action="family.referral.status.changed"
    )
    for to_status, reason in moves:
        before = (referral.status, referral.events.count(), audits.count())
        try:
            change_status(ptp, referral, to_status, reason)
        except ReferralError:
            saved = Referral.objects.across_organizations("test").get(pk=referral.pk)
            assert (saved.status, saved.events.count(), audits.count()) == before
        else:
            assert referral.events.count() == before[1] + 1
            assert audits.count() == before[2] + 1
            assert to_status in flow.allowed_from(before[0])
    saved = Referral.objects.across_organizations("test").get(pk=referral.pk)
    history = list(saved.events.order_by("id"))
    assert history[-1].to_status == saved.status
    for previous, event in pairwise(history):
        assert event.from_status == previous.to_status
    if flow.is_terminal(saved.status):
        assert saved.follow_up_on is None
