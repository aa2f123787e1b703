"""The breakdowns, attacked: a reader sees every table that every breakdown offered
publishes (the province, each milieu, each region), solves them all at once, and tries to
narrow a count of one or two organizations, or a count from 1 to 4 (``adversary.py``).

Small generated provinces (three to eight organizations, two regions, three milieux, a
table of up to two rows and two columns, counts from 0 to 6 so that small counts and
empty cells are common) keep each integer program tiny and the file fast.
"""

from itertools import combinations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from maillage.lib.disclosure import (
    HIDDEN,
    MIN_ORGANIZATIONS,
    atoms,
    breakdowns,
    publish_breakdowns,
)

from .adversary import Shown, leaks

MILIEUX = ("rural", "urbain", "mixte")
REGIONS = ("14", "06")
OTHER = "Other"


@st.composite
def provinces(draw):
    size = draw(st.integers(min_value=3, max_value=8))
    organizations = list(range(1, size + 1))
    # Rural rarer than the two others, so that breakdowns of three organizations or more,
    # offered next to the province, come up often.
    milieu = {org: draw(st.sampled_from(("rural", *MILIEUX[1:] * 2))) for org in organizations}
    region = {org: draw(st.sampled_from(REGIONS)) for org in organizations}
    rows = draw(st.integers(min_value=1, max_value=2))
    columns = draw(st.integers(min_value=1, max_value=2))
    count = st.one_of(st.just(0), st.integers(min_value=0, max_value=6))
    counts = {
        (org, row, column): draw(count)
        for org in organizations
        for row in range(rows)
        for column in range(columns)
    }
    return organizations, milieu, region, rows, columns, counts


def candidates(organizations, milieu, region):
    return [
        *((("milieu", m), frozenset(o for o in organizations if milieu[o] == m)) for m in MILIEUX),
        *((("region", r), frozenset(o for o in organizations if region[o] == r)) for r in REGIONS),
    ]


def published_numbers(table, members, rows, columns, row_labels):
    """Every number ``table`` shows, as equations over the original cells."""
    kept = {label: index for index, label in enumerate(row_labels)}
    rolled = frozenset(range(rows)) - {kept[label] for label in table.row_labels if label in kept}
    sources = [frozenset({kept[label]}) if label in kept else rolled for label in table.row_labels]
    shown = []

    def add(value, cells):
        if value != HIDDEN:
            shown.append(Shown(members, frozenset(cells), value))

    for position, source in enumerate(sources):
        for column in range(columns):
            add(table.cells[position][column], {(row, column) for row in source})
        add(table.row_totals[position], {(row, c) for row in source for c in range(columns)})
    every_row = range(rows)
    for column in range(columns):
        add(table.column_totals[column], {(row, column) for row in every_row})
    add(table.total, {(row, column) for row in every_row for column in range(columns)})
    return shown


def entries(rows, columns):
    cells = [frozenset({(row, column)}) for row in range(rows) for column in range(columns)]
    lines = [frozenset((row, column) for column in range(columns)) for row in range(rows)]
    lines += [frozenset((row, column) for row in range(rows)) for column in range(columns)]
    whole = frozenset((row, column) for row in range(rows) for column in range(columns))
    return list(dict.fromkeys([*cells, *lines, whole]))


def attack(organizations, milieu, region, rows, columns, counts):
    population = frozenset(organizations)
    offered = dict(candidates(organizations, milieu, region))
    groups = {"": population}
    groups.update((key, offered[key]) for key in breakdowns(population, list(offered.items())))
    row_labels = [f"r{row}" for row in range(rows)]
    column_labels = [f"c{column}" for column in range(columns)]
    per_cell = [
        [{org: counts[org, row, column] for org in organizations} for column in range(columns)]
        for row in range(rows)
    ]
    tables = publish_breakdowns(row_labels, column_labels, per_cell, groups, other_label=OTHER)
    shown = []
    for key, table in tables.items():
        shown += published_numbers(table, groups[key], rows, columns, row_labels)
    targets = [*groups.values(), *atoms(groups)]
    return groups, tables, leaks(counts, organizations, targets, shown, entries(rows, columns))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(provinces())
def test_subtracting_every_breakdown_offered_narrows_nothing(province):
    groups, _tables, found = attack(*province)
    event(f"{len(groups) - 1} breakdown(s) offered")
    assert found == []


@settings(max_examples=40, deadline=None)
@given(provinces())
def test_every_breakdown_offered_isolates_no_fewer_than_three_organizations(province):
    organizations, milieu, region, *_rest = province
    population = frozenset(organizations)
    offered = dict(candidates(organizations, milieu, region))
    kept = breakdowns(population, list(offered.items()))
    groups = {"": population, **{key: offered[key] for key in kept}}
    assert all(len(atom) >= MIN_ORGANIZATIONS for atom in atoms(groups))
    # And none left out could be added: each would isolate one or two organizations.
    for key, members in offered.items():
        if key not in kept and len(members) >= MIN_ORGANIZATIONS:
            trial = {**groups, key: members}
            assert any(len(atom) < MIN_ORGANIZATIONS for atom in atoms(trial))


def test_all_milieux_minus_urbain_minus_mixte_would_be_rural_so_one_of_them_is_not_offered():
    """Seven organizations: one rural, three urbain, three mixte. Offering urbain and mixte
    with the province would give the rural one's numbers by subtraction."""
    milieu = {1: "rural", 2: "urbain", 3: "urbain", 4: "urbain", 5: "mixte", 6: "mixte", 7: "mixte"}
    organizations = list(milieu)
    offered = breakdowns(
        frozenset(organizations), candidates(organizations, milieu, dict.fromkeys(milieu, "14"))
    )
    assert ("milieu", "rural") not in offered
    assert not {("milieu", "urbain"), ("milieu", "mixte")} <= set(offered)


def test_a_table_published_without_the_breakdown_rules_is_broken_by_the_reader():
    """The reader is not toothless: the province and urbain published each on its own (the
    old way) give the rural organization's count by subtraction."""
    from maillage.lib.disclosure import Cell, publish

    counts = {(1, 0, 0): 3, (2, 0, 0): 9, (3, 0, 0): 8, (4, 0, 0): 7}
    province = publish(["r0"], ["c0"], [[Cell(27, frozenset({1, 2, 3, 4}))]], other_label=OTHER)
    urbain = publish(["r0"], ["c0"], [[Cell(24, frozenset({2, 3, 4}))]], other_label=OTHER)
    shown = published_numbers(province, frozenset({1, 2, 3, 4}), 1, 1, ["r0"])
    shown += published_numbers(urbain, frozenset({2, 3, 4}), 1, 1, ["r0"])
    found = leaks(counts, [1, 2, 3, 4], [frozenset({1})], shown, entries(1, 1))
    assert ("organizations narrowed", [1], [(0, 0)]) in found


def test_a_breakdown_of_one_organization_shows_no_number_even_a_zero():
    groups = {"": frozenset({1, 2, 3}), "rural": frozenset({1})}
    tables = publish_breakdowns(
        ["r0"], ["c0", "c1"], [[{1: 2, 2: 9, 3: 9}, {1: 0, 2: 6, 3: 7}]], groups, other_label=OTHER
    )
    rural = tables["rural"]
    assert rural.withheld
    assert rural.cells == [[HIDDEN, HIDDEN]] and rural.total == HIDDEN


def test_small_provinces_are_all_tried():
    """A check on the strategy: the cases that matter (a breakdown offered next to the
    province, small counts) do come up among the organizations generated."""
    organizations = list(range(1, 7))
    milieu = dict(zip(organizations, ["rural"] * 3 + ["urbain"] * 3, strict=True))
    region = dict.fromkeys(organizations, "14")
    counts = {
        (org, 0, 0): value for org, value in zip(organizations, [1, 0, 2, 5, 6, 7], strict=True)
    }
    groups, tables, found = attack(organizations, milieu, region, 1, 1, counts)
    assert ("milieu", "rural") in groups and ("milieu", "urbain") in groups
    assert found == []
    assert tables[("milieu", "rural")].total == HIDDEN  # 3 from three organizations
    assert list(combinations(organizations, 2))
