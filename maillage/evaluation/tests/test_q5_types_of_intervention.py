"""Question 5 on the hand-built dataset (``dataset_referrals.py``): every number worked out by
hand from the dataset's table of contacts, for the PG's organization and across
organizations; the same on SQLite and PostgreSQL (the suite runs on both)."""

import pytest
from django.utils import timezone

from maillage.evaluation.questions import q5
from maillage.evaluation.scope import Scope

from . import dataset_referrals as dataset
from .builders import column, contributors

# Every label in English; ``period`` (conftest.py): the referrals dataset, built for today.
pytestmark = pytest.mark.usefixtures("english")


def test_the_organization_counts_every_contact_of_its_families(period, org):
    result = q5.compute(Scope.for_organization(org, period))

    contacts, families, travel = result.indicators
    # C1 to C6: the organization's own view counts F5 too (no statistics consent needed).
    assert (contacts.value.count, families.value.count) == (6, 5)
    assert contacts.value.organizations == {org.pk}
    # Travel 30 + 0 + 15 + 60 + 0 + 100 = 205 minutes, of 205 + contact minutes
    # 60 + 30 + 45 + 90 + 15 + 120 = 360: 565.
    assert (travel.kind, travel.value.count, travel.of.count) == ("share", 205, 565)


def test_the_organization_sees_the_types_of_intervention_and_the_needs(period, org):
    types, needs, _time = q5.compute(Scope.for_organization(org, period)).tables

    # Listening: C1, C3, C6; accompaniment: C3, C4; information: C1; procedures: C2;
    # translation and "other": C4. C5 records no type.
    assert column(types) == {
        "Listening and bond of trust": 3,
        "Information": 1,
        "Physical accompaniment": 2,
        "Help with procedures": 1,
        "Translation or interpretation": 1,
        "Other": 1,
    }
    # Families: listening F1, F2, F5; accompaniment F2, F3; the others one family each.
    assert column(types, 1) == column(types)
    assert len(types.row_labels) == 10  # every type, those at 0 too: a fixed breakdown
    # Housing: C1, C3; food: C1, C6; income: C2; transport: C3; immigration: C4.
    assert column(needs) == {
        "Housing": 2,
        "Food": 2,
        "Income and administrative procedures": 1,
        "Transport": 1,
        "Immigration and legal": 1,
    }
    assert column(needs, 1) == column(needs)


def test_the_organization_sees_the_time_spent_and_the_kilometres(period, org):
    time = q5.compute(Scope.for_organization(org, period)).tables[2]

    # Every contact of the dataset is a home visit.
    assert column(time) == {"Home visit": 6}
    hours, travel, km = (measure.values[0] for measure in time.measures)
    # 360 minutes = 6 h; 205 minutes = 3.42 h; 20 + 12.5 + 45 + 80 = 157.5 km.
    assert (hours.value, travel.value, km.value) == (6.0, 3.42, 157.5)
    assert km.organizations == {org.pk}
    assert all(measure.values[1].value == 0 for measure in time.measures)


def test_across_organizations_only_families_with_the_statistics_consent_count(
    period, org, other_org
):
    result = q5.compute(Scope.across_organizations(period))

    contacts, families, travel = result.indicators
    # A without F5 (C1 to C5) and B (D1, D2): 5 + 2 contacts, 4 + 2 families.
    assert (contacts.value.count, families.value.count) == (7, 6)
    assert contacts.value.organizations == {org.pk, other_org.pk}
    # Travel 105 (A) + 30 (B) = 135, of contact 240 + 90 = 330 plus 135: 465.
    assert (travel.value.count, travel.of.count) == (135, 465)

    types, needs, time = result.tables
    # Listening: C1, C3 (A) and D1, D2 (B); referral: D1 only.
    assert column(types)["Listening and bond of trust"] == 4
    assert contributors(types, "Listening and bond of trust") == {org.pk, other_org.pk}
    assert column(types)["Referral"] == 1
    assert contributors(types, "Referral") == {other_org.pk}
    # Food: C1 (A), D1 (B) — C6 of F5 is left out; childcare: D2.
    assert column(needs) == {
        "Housing": 2,
        "Food": 2,
        "Income and administrative procedures": 1,
        "Transport": 1,
        "Childcare and halte-garderie": 1,
        "Immigration and legal": 1,
    }
    hours, travel_hours, km = (measure.values[0] for measure in time.measures)
    # 330 minutes = 5.5 h; 135 minutes = 2.25 h; 77.5 + 13.5 = 91 km.
    assert (hours.value, travel_hours.value, km.value) == (5.5, 2.25, 91.0)


@pytest.mark.parametrize("copies", [1, 2])
def test_the_answer_takes_two_queries_however_many_contacts(
    copies, org, ptp, pg, other_org, outsider, django_assert_num_queries
):
    today = timezone.localdate()
    dataset.build(org, ptp, pg, other_org, outsider, today=today, copies=copies)
    scope = Scope.for_organization(org, dataset.period(today))

    with django_assert_num_queries(2):
        result = q5.compute(scope)

    assert result.indicators[0].value.count == 6 * copies


def test_a_code_is_counted_only_where_it_is_written_whole(org, ptp):
    # A code is a whole element of the list: "parent_child" must not count inside
    # "parent_child_activity", nor "other" inside a longer code, and "_" is no wildcard.
    family = dataset.make_family_counted(org, ptp)
    today = timezone.localdate()
    dataset.make_contact(
        family, ptp, today, 30, 0, "0", ["parent_child_activity"], ["parent_child"]
    )
    dataset.make_contact(family, ptp, today, 30, 0, "0", ["other"], ["social_network", "other"])

    types, needs, _time = q5.compute(Scope.for_organization(org, dataset.period(today))).tables

    assert column(types) == {"Parent-child activity": 1, "Other": 1}
    assert column(needs) == {
        "Parent-child relationship": 1,
        "Social network and mutual aid": 1,
        "Other": 1,
    }
