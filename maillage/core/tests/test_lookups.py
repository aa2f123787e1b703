"""``holds`` (maillage/core/lookups.py): a JSON list holds a code, the same on both databases."""

import pytest

from maillage.families.models import Family
from maillage.testing.builders import make_family, make_member, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def families():
    organization = make_organization()
    worker = make_member(organization).user
    lists = {
        "social": ["social"],
        "social_and_geographic": ["social", "geographic"],
        "alone": ["alone_despite_services"],
        "none": [],
    }
    made = {
        name: make_family(organization, worker, isolation=codes) for name, codes in lists.items()
    }
    return organization, made


def holding(organization, code):
    found = Family.objects.for_org(organization).filter(isolation__holds=code)
    return set(found.values_list("pk", flat=True))


def test_a_list_holds_each_of_its_codes(families):
    organization, made = families

    assert holding(organization, "social") == {
        made["social"].pk,
        made["social_and_geographic"].pk,
    }
    assert holding(organization, "geographic") == {made["social_and_geographic"].pk}


def test_only_whole_codes_count(families):
    organization, _made = families

    # "alone" is inside "alone_despite_services", "_" would be a LIKE wildcard, and quotes
    # or brackets are not codes.
    for code in ("alone", "alone_despite", "social%", "soc_al", '"social"', "[]", ""):
        assert holding(organization, code) == set(), code


def test_it_combines_with_other_conditions_and_negation(families):
    organization, made = families

    others = Family.objects.for_org(organization).exclude(isolation__holds="social")

    assert set(others.values_list("pk", flat=True)) == {made["alone"].pk, made["none"].pk}
