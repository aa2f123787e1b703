"""Question 7 on the hand-built dataset (``dataset_referrals.py``): uptake, reasons for non-use,
days to service, with and without accompaniment, worked out by hand from the referrals."""

import statistics
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from maillage.core.periods import Period
from maillage.evaluation.indicators import referrals as indicators
from maillage.evaluation.questions import q7
from maillage.evaluation.scope import Scope

from . import dataset_referrals as dataset
from .builders import column, counts

# Every label in English; ``period`` (conftest.py): the referrals dataset, built for today.
pytestmark = pytest.mark.usefixtures("english")


def test_the_organization_sees_the_uptake_of_its_referrals(period, org):
    result = q7.compute(Scope.for_organization(org, period))

    made, uptake, under_way = result.indicators
    # Received: R1, R3, R6, R10; not used: R2, R4, R7; refused: R5; withdrawn: R8 (out of
    # the uptake); under way: R9. Uptake 4 of 8.
    assert made.value.count == 10
    assert (uptake.value.count, uptake.of.count) == (4, 8)
    assert under_way.value.count == 1

    by_accompaniment, reasons, outcomes, overall, bands = result.tables
    # Accompanied: R1, R3, R6, R10 received, R4 not used. Not: R2, R7 not used, R5 refused.
    assert counts(by_accompaniment.cells[0]) == [5, 4, 1, 0]
    assert counts(by_accompaniment.cells[1]) == [3, 0, 2, 1]
    assert column(reasons) == {
        "Waiting time": 1,
        "Transport": 1,
        "Eligibility criteria": 1,
        "Distrust": 1,
    }
    assert column(outcomes) == {
        "Service received": 4,
        "Not used": 3,
        "Refused by the service": 1,
        "Withdrawn": 1,
        "Still under way": 1,
    }
    assert counts(overall.cells[0]) == [8, 4, 3, 1]
    # Days to service: R10 3, R6 4, R1 10, R3 20: the median is (4 + 10) / 2.
    median = overall.measures[0].values[0]
    assert (median.value, median.organizations) == (7, {org.pk})
    # Within a week: R10 (3), R6 (4); 8 to 30 days: R1 (10), R3 (20).
    assert column(bands) == {"Within a week": 2, "8 to 30 days": 2}


def test_across_organizations_uptake_counts_consenting_families_only(period, org, other_org):
    result = q7.compute(Scope.across_organizations(period))

    made, uptake, _under_way = result.indicators
    # A without F5's R10 (3 received, 3 not used, 1 refused) and B (T1 received, T2 not used).
    assert made.value.count == 11
    assert (uptake.value.count, uptake.of.count) == (4, 9)
    assert uptake.value.organizations == {org.pk, other_org.pk}

    by_accompaniment, reasons, _outcomes, overall, bands = result.tables
    # Accompanied: R1, R3, R6, T1 received, R4 not used. Not: R2, R7, T2 not used, R5 refused.
    assert counts(by_accompaniment.cells[0]) == [5, 4, 1, 0]
    assert counts(by_accompaniment.cells[1]) == [4, 0, 3, 1]
    assert column(reasons)["Schedule"] == 1
    assert reasons.cells[reasons.row_labels.index("Schedule")][0].organizations == {other_org.pk}
    # Days: R6 4, T1 6, R1 10, R3 20: the median is (6 + 10) / 2.
    assert overall.measures[0].values[0].value == 8
    # Within a week: R6 (4), T1 (6); 8 to 30 days: R1 (10), R3 (20).
    assert column(bands) == {"Within a week": 2, "8 to 30 days": 2}
    assert bands.cells[0][0].organizations == {org.pk, other_org.pk}


@pytest.mark.parametrize("copies", [1, 2])
def test_the_answer_takes_three_queries_however_many_referrals(
    copies, org, ptp, pg, other_org, outsider, django_assert_num_queries
):
    today = timezone.localdate()
    dataset.build(org, ptp, pg, other_org, outsider, today=today, copies=copies)
    scope = Scope.for_organization(org, dataset.period(today))

    with django_assert_num_queries(3):
        result = q7.compute(scope)

    assert result.indicators[1].of.count == 8 * copies


def test_days_to_service_fall_in_bands_with_both_ends_included(org, ptp):
    today = timezone.localdate()
    created = today - timedelta(days=100)
    family = dataset.make_family_counted(org, ptp)
    for days in (0, 7, 8, 30, 31, 90, 91):
        dataset._referral(
            ptp, family, "food", "Banque alimentaire", created=created, accompanied=False,
            path=dataset._received(days),
        )  # fmt: skip

    scope = Scope.for_organization(org, Period.custom(created, today))
    bands = q7.compute(scope).tables[4]

    assert column(bands) == {
        "Within a week": 2,  # 0 and 7
        "8 to 30 days": 2,  # 8 and 30
        "31 to 90 days": 2,  # 31 and 90
        "More than 90 days": 1,  # 91
    }


@given(
    st.dictionaries(
        st.integers(min_value=1, max_value=5),
        st.dictionaries(st.integers(min_value=0, max_value=400), st.integers(1, 6), max_size=8),
        max_size=4,
    )
)
def test_the_median_from_grouped_days_is_the_median_of_every_referral(days_by_organization):
    # The question groups the days to service by organization and day; its median must be
    # the one ``maillage.referrals.indicators.time_to_service`` takes of the whole list.
    every_day = [
        days
        for histogram in days_by_organization.values()
        for days, count in histogram.items()
        for _ in range(count)
    ]
    expected = statistics.median(every_day) if every_day else None
    assert indicators.median(days_by_organization) == expected


def test_bands_put_each_day_in_one_band():
    days = {1: {0: 1, 7: 2, 8: 1, 30: 1, 31: 1, 90: 1, 91: 3}, 2: {400: 1}}

    assert indicators.bands(days) == {
        "week": {1: 3},
        "month": {1: 2},
        "quarter": {1: 2},
        "longer": {1: 3, 2: 1},
    }
