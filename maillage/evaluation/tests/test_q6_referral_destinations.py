"""Question 6 on the hand-built dataset (``dataset_referrals.py``): referrals by need, partner,
category of service and mandate, worked out by hand from the dataset's table of referrals."""

import pytest
from django.utils import timezone

from maillage.evaluation.questions import q6
from maillage.evaluation.scope import Scope

from . import dataset_referrals as dataset
from .builders import column, contributors

# Every label in English; ``period`` (conftest.py): the referrals dataset, built for today.
pytestmark = pytest.mark.usefixtures("english")


def test_the_organization_sees_where_its_referrals_go(period, org):
    result = q6.compute(Scope.for_organization(org, period))

    made, directory, regional = result.indicators
    # R1 to R10 (F5's R10 included); R2 and R4 were typed in, the 8 others chose a service;
    # the CLSC (regional) received R3, R5, R6, R8.
    assert made.value == directory.of == regional.of
    assert (made.value.count, directory.value.count, regional.value.count) == (10, 8, 4)

    by_need, by_partner, by_category, by_mandate = result.tables
    # Food: R1, R7, R10; childcare: R3, R5; one each for the others.
    assert column(by_need) == {
        "Housing": 1,
        "Food": 3,
        "Furniture and clothing": 1,
        "Transport": 1,
        "Physical health": 1,
        "Child development": 1,
        "Childcare and halte-garderie": 2,
    }
    # The CLSC: R3, R5, R6, R8; the Comptoir: R1, R7, R9, R10 (a tie: by name).
    assert by_partner.row_labels == [
        "CLSC du Nord",
        "Comptoir alimentaire",
        "Office d'habitation",
        "Transport adapté",
    ]
    assert column(by_partner) == {
        "CLSC du Nord": 4,
        "Comptoir alimentaire": 4,
        "Office d'habitation": 1,
        "Transport adapté": 1,
    }
    # S3 [food]: R1, R10; S1 [childcare]: R3, R5; S2 [physical health, child development]:
    # R6, R8 under both; S4 (no need tagged): R7, R9; typed in: R2, R4.
    assert column(by_category) == {
        "Food": 2,
        "Childcare and halte-garderie": 2,
        "Physical health": 2,
        "Child development": 2,
        "Service without a category": 2,
        "Partner outside the directory": 2,
    }
    # Local (the Comptoir): R1, R7, R9, R10; regional (the CLSC): 4; typed in: R2, R4.
    assert column(by_mandate) == {
        "Local partner of the directory": 4,
        "Regional partner of the directory": 4,
        "Partner outside the directory (typed in)": 2,
    }


def test_across_organizations_each_cell_names_the_organizations_behind_it(period, org, other_org):
    result = q6.compute(Scope.across_organizations(period))

    made, directory, regional = result.indicators
    # A without F5 (R1 to R9) and B (T1, T2, both typed in).
    assert (made.value.count, directory.value.count, regional.value.count) == (11, 7, 4)
    assert made.value.organizations == {org.pk, other_org.pk}
    assert directory.value.organizations == {org.pk}

    by_need, by_partner, _by_category, by_mandate = result.tables
    # Food: R1, R7 (A), T1 (B); childcare: R3, R5 (A), T2 (B).
    assert column(by_need)["Food"] == 3
    assert column(by_need)["Childcare and halte-garderie"] == 3
    assert contributors(by_need, "Food") == {org.pk, other_org.pk}
    assert contributors(by_need, "Housing") == {org.pk}
    assert column(by_partner) == {
        "CLSC du Nord": 4,
        "Comptoir alimentaire": 3,
        "Banque alimentaire": 1,
        "CPE Soleil": 1,
        "Office d'habitation": 1,
        "Transport adapté": 1,
    }
    assert by_partner.row_labels[2:4] == ["Banque alimentaire", "CPE Soleil"]
    assert column(by_mandate) == {
        "Local partner of the directory": 3,
        "Regional partner of the directory": 4,
        "Partner outside the directory (typed in)": 4,
    }
    assert contributors(by_mandate, "Partner outside the directory (typed in)") == {
        org.pk,
        other_org.pk,
    }


@pytest.mark.parametrize("copies", [1, 2])
def test_the_answer_takes_two_queries_however_many_referrals(
    copies, org, ptp, pg, other_org, outsider, django_assert_num_queries
):
    today = timezone.localdate()
    dataset.build(org, ptp, pg, other_org, outsider, today=today, copies=copies)
    scope = Scope.for_organization(org, dataset.period(today))

    with django_assert_num_queries(2):
        result = q6.compute(scope)

    assert result.indicators[0].value.count == 10 * copies
