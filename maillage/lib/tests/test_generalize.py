"""Property-based tests of k-anonymity by generalization (maillage/lib/generalize.py)."""

import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.lib.generalize import (
    ANY,
    anonymize,
    household_size_path,
    kept_path,
    month_path,
    territory_path,
    youngest_child_path,
)

QUASI_IDENTIFIERS = {
    "territory": 4,
    "milieu": 1,
    "youngest_child": 3,
    "household_size": 4,
    "first_met": 4,
}
MEASURES = ["contacts", "referrals"]
PLACES = [
    ("Saint-Côme", "Matawinie", "Lanaudière"),
    ("Chertsey", "Matawinie", "Lanaudière"),
    ("Joliette", "Joliette", "Lanaudière"),
    ("Gaspé", "La Côte-de-Gaspé", "Gaspésie–Îles-de-la-Madeleine"),
    ("Montréal", "Montréal", "Montréal"),
]


@st.composite
def families(draw):
    place = draw(st.sampled_from(PLACES))
    age = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=20)))
    return {
        "code": f"F-{draw(st.integers(min_value=1000, max_value=9999))}-XX",
        "territory": territory_path(*place),
        "milieu": kept_path(draw(st.sampled_from(["rural", "urbain", "mixte"]))),
        "youngest_child": youngest_child_path(age, expected=draw(st.booleans())),
        "household_size": household_size_path(draw(st.integers(min_value=0, max_value=9))),
        "first_met": month_path(2026, draw(st.integers(min_value=1, max_value=12))),
        "contacts": draw(st.integers(min_value=0, max_value=40)),
        "referrals": draw(st.integers(min_value=0, max_value=6)),
    }


records = st.lists(families(), max_size=60)


def _combinations(result):
    width = len(QUASI_IDENTIFIERS)
    return Counter(row[:width] for row in result.rows)


@given(records)
def test_every_published_combination_holds_at_least_five_families(families):
    result = anonymize(families, QUASI_IDENTIFIERS, MEASURES)
    assert all(size >= 5 for size in _combinations(result).values())


@given(records)
def test_every_family_is_either_published_or_counted_as_suppressed(families):
    result = anonymize(families, QUASI_IDENTIFIERS, MEASURES)
    assert len(result.rows) + result.suppressed == len(families)


@given(records)
def test_no_code_or_identifier_comes_out(families):
    result = anonymize(families, QUASI_IDENTIFIERS, MEASURES)
    assert result.columns == [*QUASI_IDENTIFIERS, *MEASURES]
    published = {value for row in result.rows for value in row}
    assert not published & {family["code"] for family in families}


@given(records)
def test_published_values_are_the_families_values_at_the_chosen_level(families):
    result = anonymize(families, QUASI_IDENTIFIERS, MEASURES)
    possible = Counter(
        (
            *(family[name][result.levels[name]] for name in QUASI_IDENTIFIERS),
            *(family[measure] for measure in MEASURES),
        )
        for family in families
    )
    assert not Counter(result.rows) - possible


@given(records, st.randoms(use_true_random=False))
def test_the_result_depends_on_the_families_not_on_their_order(families, shuffler):
    first = anonymize(families, QUASI_IDENTIFIERS, MEASURES)
    shuffled = list(families)
    shuffler.shuffle(shuffled)
    assert anonymize(shuffled, QUASI_IDENTIFIERS, MEASURES) == first


@given(records)
def test_suppression_stays_within_budget_when_the_most_general_level_allows_it(families):
    result = anonymize(families, QUASI_IDENTIFIERS, MEASURES)
    # At the top, only the milieu (kept as it is) and whether there is a child under 18
    # split the families.
    groups = Counter((family["milieu"], family["youngest_child"][-1]) for family in families)
    if all(size >= 5 for size in groups.values()):
        assert result.suppressed <= int(len(families) * 0.05)


def test_a_small_village_is_generalized_to_its_region_rather_than_dropped():
    rng = random.Random(7)
    families = [
        {
            "territory": territory_path(*PLACES[0 if index < 6 else 1]),
            "milieu": kept_path("rural"),
            "youngest_child": youngest_child_path(rng.randint(0, 5)),
            "household_size": household_size_path(3),
            "first_met": month_path(2026, 3),
            "contacts": index,
            "referrals": 0,
        }
        for index in range(9)
    ]
    result = anonymize(families, QUASI_IDENTIFIERS, MEASURES)
    # Six in Saint-Côme, three in Chertsey: the MRC (Matawinie) holds all nine.
    assert result.levels["territory"] == 1
    assert result.levels["youngest_child"] == 1
    assert result.suppressed == 0
    assert {row[0] for row in result.rows} == {"Matawinie"}


def test_fewer_than_five_families_are_all_suppressed():
    families = [
        {
            "territory": territory_path(*PLACES[4]),
            "milieu": kept_path("urbain"),
            "youngest_child": youngest_child_path(2),
            "household_size": household_size_path(4),
            "first_met": month_path(2026, 1),
            "contacts": 3,
            "referrals": 1,
        }
    ] * 4
    result = anonymize(families, QUASI_IDENTIFIERS, MEASURES)
    assert result.rows == []
    assert result.suppressed == 4


def test_an_identifier_column_is_refused():
    with pytest.raises(ValueError, match="family_code"):
        anonymize([], {"territory": 4}, ["family_code"])


def test_paths_go_from_precise_to_general():
    assert youngest_child_path(3) == ("3", "0-5", "under_18")
    assert youngest_child_path(14) == ("14", "13-17", "under_18")
    assert youngest_child_path(None, expected=True) == ("expected", "0-5", "under_18")
    assert youngest_child_path(19) == ("none", "none", "none")
    assert household_size_path(4) == ("4", "3-4", "1-4", ANY)
    assert household_size_path(8) == ("8", "7+", "5+", ANY)
    assert month_path(2026, 11) == ("2026-11", "2026-Q4", "2026", ANY)


def test_two_municipalities_of_the_same_name_are_not_counted_together():
    families = [
        {
            "territory": territory_path("Saint-Louis", mrc, "Région"),
            "milieu": kept_path("rural"),
            "youngest_child": youngest_child_path(2),
            "household_size": household_size_path(3),
            "first_met": month_path(2026, 3),
            "contacts": 1,
            "referrals": 0,
        }
        for mrc in ["Kamouraska"] * 3 + ["Richelieu"] * 3
    ]
    result = anonymize(families, QUASI_IDENTIFIERS, MEASURES)
    # Three and three are two groups of three, not one of six: the region brings them together.
    assert result.levels["territory"] == 2
    assert {row[0] for row in result.rows} == {"Région"}
