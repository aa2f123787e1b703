"""The evaluation's indicators on a small dataset computed by hand."""

import datetime

import pytest
from django.utils import timezone

from maillage.referrals import indicators
from maillage.referrals.models import Referral
from maillage.referrals.services import change_status

from .builders import make_referral

TODAY = timezone.localdate()


def walk(referral, actor, *steps):
    for status, reason, days_ago in steps:
        change_status(actor, referral, status, reason, on=TODAY - datetime.timedelta(days=days_ago))


@pytest.fixture
def dataset(family, ptp):
    """Eight referrals created 30 days ago: received after 10, 20 and 25 days; not used
    (transport) twice; refused (eligibility) once; withdrawn once; one still open.

    uptake = 3 / (3 + 2 + 1) = 0.5; median days to service = 20.
    """
    created = TODAY - datetime.timedelta(days=30)

    def referral():
        made = make_referral(family, ptp)
        Referral.objects.across_organizations("test").filter(pk=made.pk).update(created_on=created)
        made.events.update(on=created)
        made.refresh_from_db()
        return made

    going = [("accepted", "", 30), ("requested", "", 30)]
    for days_to_service in (10, 20, 25):
        walk(referral(), ptp, *going, ("received", "", 30 - days_to_service))
    for _ in range(2):
        walk(referral(), ptp, *going, ("not_used", "transport", 5))
    walk(referral(), ptp, *going, ("refused", "eligibility", 5))
    walk(referral(), ptp, ("withdrawn", "", 3))
    walk(referral(), ptp, ("accepted", "", 2))
    return Referral.objects.across_organizations("test").filter(family=family)


def test_uptake_rate_counts_received_over_known_outcomes(dataset):
    assert indicators.outcome_counts(dataset) == {"received": 3, "not_used": 2, "refused": 1}
    assert indicators.rate_of(indicators.outcome_counts(dataset)) == 0.5


def test_uptake_rate_is_none_without_a_known_outcome(family, ptp):
    make_referral(family, ptp)
    assert (
        indicators.rate_of(
            indicators.outcome_counts(
                Referral.objects.across_organizations("test").filter(family=family)
            )
        )
        is None
    )
    assert indicators.rate_of(indicators.outcome_counts(Referral.objects.none())) is None


def test_reasons_for_non_use(dataset):
    assert indicators.reasons_for_non_use(dataset) == {"transport": 2, "eligibility": 1}


def test_time_to_service(dataset):
    assert indicators.days_to_service(dataset) == [10, 20, 25]
    assert indicators.time_to_service(dataset) == 20
    assert indicators.time_to_service(Referral.objects.none()) is None


def test_indicators_follow_the_queryset_given(dataset):
    not_used = dataset.filter(status="not_used")
    assert indicators.rate_of(indicators.outcome_counts(not_used)) == 0
    assert indicators.reasons_for_non_use(not_used) == {"transport": 2}
    assert indicators.days_to_service(not_used) == []
