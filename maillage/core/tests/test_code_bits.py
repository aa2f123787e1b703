"""The codes' bits (``maillage.core.taxonomy``) and the ``hasbit`` lookup that reads them: a
contact keeps its needs and types of intervention as integers too, for the evaluation's
counts per code."""

import pytest

from maillage.accompaniment.models import Contact
from maillage.accompaniment.services import record_contact
from maillage.core.aggregates import BitOr
from maillage.core.taxonomy import (
    INTERVENTION_BITS,
    NEED_BITS,
    InterventionType,
    Need,
    bits_of,
)
from maillage.testing.builders import make_family

MAPS = [(Need, NEED_BITS), (InterventionType, INTERVENTION_BITS)]


@pytest.mark.parametrize(("codes", "bits"), MAPS, ids=["needs", "interventions"])
def test_every_code_has_its_own_bit_that_fits_a_signed_32_bit_integer(codes, bits):
    assert set(bits) == set(codes.values)
    assert len(set(bits.values())) == len(bits)
    assert all(0 <= bit < 31 for bit in bits.values())


def test_the_integer_has_the_bit_of_each_code_of_the_list():
    assert bits_of(["housing"], NEED_BITS) == 1
    assert bits_of(["food", "furniture"], NEED_BITS) == 0b110
    assert bits_of(["furniture", "food", "food"], NEED_BITS) == 0b110
    assert bits_of(["other"], NEED_BITS) == 1 << 15
    assert bits_of(["listening", "referral"], INTERVENTION_BITS) == 0b1000001
    assert bits_of(Need.values, NEED_BITS) == (1 << len(Need.values)) - 1


def test_codes_without_a_bit_and_empty_lists_give_nothing():
    assert bits_of(["food", "not_a_need"], NEED_BITS) == 1 << NEED_BITS["food"]
    assert bits_of(["listening"], NEED_BITS) == 0  # a code of the other list
    assert bits_of([], NEED_BITS) == 0
    assert bits_of(None, NEED_BITS) == 0


@pytest.mark.django_db
def test_hasbit_finds_the_contacts_whose_list_holds_the_code(org, ptp, other_org, outsider):
    family = make_family(org, ptp)
    elsewhere = make_family(other_org, outsider)
    lists = {
        "food": (family, ptp, ["food"], ["listening"]),
        "food_and_housing": (family, ptp, ["housing", "food"], ["referral"]),
        "housing": (family, ptp, ["housing"], ["listening", "referral"]),
        "none": (family, ptp, [], ["information"]),
        "food_elsewhere": (elsewhere, outsider, ["food", "other"], []),
    }
    made = {
        name: record_contact(
            worker,
            owner,
            {"mode": "phone", "duration_minutes": 10, "needs": needs, "interventions": done},
        ).pk
        for name, (owner, worker, needs, done) in lists.items()
    }

    def having(**lookup):
        return set(
            Contact.objects.across_organizations("test")
            .filter(**lookup)
            .values_list("pk", flat=True)
        )

    assert having(needs_bits__hasbit=NEED_BITS["food"]) == {
        made["food"],
        made["food_and_housing"],
        made["food_elsewhere"],
    }
    assert having(needs_bits__hasbit=NEED_BITS["housing"]) == {
        made["food_and_housing"],
        made["housing"],
    }
    assert having(needs_bits__hasbit=NEED_BITS["childcare"]) == set()
    assert having(interventions_bits__hasbit=INTERVENTION_BITS["referral"]) == {
        made["food_and_housing"],
        made["housing"],
    }
    # The same contacts as the lists themselves say.
    for code in ("food", "housing", "other"):
        assert having(needs_bits__hasbit=NEED_BITS[code]) == having(needs__holds=code)


@pytest.mark.django_db
def test_bit_or_gathers_each_familys_codes_from_its_contacts(org, ptp, other_org, outsider):
    # ``BitOr`` is PostgreSQL's BIT_OR, and a function registered on each SQLite connection:
    # the suite runs on both, so both are checked here.
    first, second, silent = make_family(org, ptp), make_family(org, ptp), make_family(org, ptp)
    elsewhere = make_family(other_org, outsider)
    for owner, worker, needs in [
        (first, ptp, ["food"]),
        (first, ptp, ["housing", "food"]),
        (first, ptp, []),
        (second, ptp, []),
        (elsewhere, outsider, ["other"]),
    ]:
        record_contact(worker, owner, {"mode": "phone", "duration_minutes": 10, "needs": needs})

    per_family = dict(
        Contact.objects.across_organizations("test")
        .all()
        .values("family")
        .annotate(needs=BitOr("needs_bits"))
        .values_list("family", "needs")
    )

    assert per_family == {
        first.pk: bits_of(["food", "housing"], NEED_BITS),
        second.pk: 0,
        elsewhere.pk: bits_of(["other"], NEED_BITS),
    }
    assert silent.pk not in per_family
    # A group with no row at all: NULL, as PostgreSQL's BIT_OR gives.
    assert Contact.objects.across_organizations("test").filter(family=silent).aggregate(
        needs=BitOr("needs_bits")
    ) == {"needs": None}
