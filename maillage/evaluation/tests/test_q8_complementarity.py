"""Question 8 on the hand-built dataset (``dataset_referrals.py``): needs met by existing
services against needs that hit a gap, and the confirmed gaps by cause, worked out by hand."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from maillage.core.periods import Period
from maillage.evaluation.indicators import complementarity
from maillage.evaluation.questions import q8
from maillage.evaluation.scope import Scope
from maillage.gaps.models import ServiceGap
from maillage.gaps.services import create_gap

from . import dataset_referrals as dataset
from .builders import column, contributors, counted_rows

# Every label in English; ``period`` (conftest.py): the referrals dataset, built for today.
pytestmark = pytest.mark.usefixtures("english")


def test_the_organization_sees_needs_met_and_needs_that_hit_a_gap(period, org):
    result = q8.compute(Scope.for_organization(org, period))

    met, unmet, share, gaps = result.indicators
    # Met: R1, R10 (food), R3 (childcare), R6 (physical health). Hit a gap: R2 (waiting
    # time), R4 (transport), R5 (eligibility); R7 ended for distrust: on neither side.
    assert (met.value.count, unmet.value.count) == (4, 3)
    assert (share.value.count, share.of.count) == (4, 7)
    # Confirmed: housing × waiting list (R2), transport × transport (R4), transport × no
    # service (by hand). Childcare × eligibility (R5) was dismissed.
    assert gaps.value.count == 3

    by_need, by_cause = result.tables
    # [met or gap, met, gap, confirmed gaps]
    assert counted_rows(by_need) == {
        "Housing": [1, 0, 1, 1],
        "Food": [2, 2, 0, 0],
        "Transport": [1, 0, 1, 2],
        "Physical health": [1, 1, 0, 0],
        "Childcare and halte-garderie": [2, 1, 1, 0],
    }
    # [gaps, families affected]: F1 behind R2, F2 behind R4, 3 families added by hand.
    assert counted_rows(by_cause) == {
        "No service": [1, 3],
        "Waiting list": [1, 1],
        "Transport": [1, 1],
    }


def test_across_organizations_families_added_by_hand_are_left_out(period, org, other_org):
    result = q8.compute(Scope.across_organizations(period))

    met, unmet, share, gaps = result.indicators
    # Met: R1, R3, R6 (A), T1 (B); gap: R2, R4, R5 (A), T2 (B, schedule).
    assert (met.value.count, unmet.value.count, share.of.count) == (4, 4, 8)
    # A's three confirmed gaps and B's childcare × schedule.
    assert gaps.value.count == 4
    assert gaps.value.organizations == {org.pk, other_org.pk}

    by_need, by_cause = result.tables
    assert counted_rows(by_need)["Childcare and halte-garderie"] == [3, 1, 2, 1]
    assert contributors(by_need, "Childcare and halte-garderie", 2) == {org.pk, other_org.pk}
    assert contributors(by_need, "Childcare and halte-garderie", 3) == {other_org.pk}
    # The 3 families A's manager typed in carry no statistics consent.
    assert counted_rows(by_cause) == {
        "No service": [1, 0],
        "Waiting list": [1, 1],
        "Transport": [1, 1],
        "Schedule": [1, 1],
    }
    assert column(by_cause) == {"No service": 1, "Waiting list": 1, "Transport": 1, "Schedule": 1}


@pytest.mark.parametrize("copies", [1, 2])
def test_the_answer_takes_three_queries_however_many_referrals_and_gaps(
    copies, org, ptp, pg, other_org, outsider, django_assert_num_queries
):
    today = timezone.localdate()
    dataset.build(org, ptp, pg, other_org, outsider, today=today, copies=copies)
    scope = Scope.for_organization(org, dataset.period(today))

    with django_assert_num_queries(3):
        result = q8.compute(scope)

    assert result.indicators[0].value.count == 4 * copies


def test_a_gap_counts_by_its_local_day_of_creation(org, pg):
    # The period ends on 31 March; in Quebec, a gap raised at 23:30 that evening is
    # already 1 April in UTC, and one raised at 00:30 on 1 January is still 31 December.
    period = Period.custom(date(2026, 1, 1), date(2026, 3, 31))
    zone = timezone.get_current_timezone()
    raised = {  # need: when, in Quebec
        "food": datetime(2025, 12, 31, 23, 30),  # before the first day
        "housing": datetime(2026, 1, 1, 0, 30),  # the first minutes of the first day
        "transport": datetime(2026, 3, 31, 23, 30),  # the last minutes of the last day
        "childcare": datetime(2026, 4, 1, 0, 30),  # after the last day
    }
    for need, when in raised.items():
        gap = create_gap(pg, org, {"need": need, "cause": "cost", "region": org.region})
        ServiceGap.objects.for_org(org).filter(pk=gap.pk).update(
            created_at=when.replace(tzinfo=zone)
        )

    counted = complementarity.gap_tallies(q8.gaps_of(Scope.for_organization(org, period)))

    # By the UTC day, food and housing would count instead.
    assert counted["by_need"] == {"housing": {org.pk: 1}, "transport": {org.pk: 1}}
    assert counted["gaps"]["cost"] == {org.pk: 2}
