"""Property-based tests of the disclosure rules.

The reader below is written independently of ``maillage.lib.disclosure``: it
knows only the published table and the public rules (one marker, "x", for any hidden
count), and brute-forces what each row and column equation still allows for every
hidden entry. ``test_disclosure_adversary.py`` has a stronger reader, who solves every
table of every breakdown at once. The tables generated are small (counts up to 30, a
few organizations) so that roll-ups, single-organization cells and small counts all
happen often.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.lib.disclosure import (
    HIDDEN,
    MIN_FAMILIES,
    MIN_ORGANIZATIONS,
    RULES_VERSION,
    Cell,
    publish,
    publish_count,
    publish_rate,
)

OTHER = "Other"

organizations = st.frozensets(st.integers(min_value=1, max_value=5), min_size=1, max_size=4)


@st.composite
def cells(draw):
    count = draw(st.integers(min_value=0, max_value=30))
    if count == 0:
        return Cell(0, frozenset())
    return Cell(count, draw(organizations))


@st.composite
def tables(draw):
    width = draw(st.integers(min_value=1, max_value=4))
    height = draw(st.integers(min_value=1, max_value=5))
    rows = draw(
        st.lists(
            st.lists(cells(), min_size=width, max_size=width), min_size=height, max_size=height
        )
    )
    return [f"r{index}" for index in range(height)], [f"c{index}" for index in range(width)], rows


def _organizations(row):
    return frozenset().union(*(cell.organizations for cell in row))


def _true_table(row_labels, column_labels, rows):
    """The counts a reader must not learn: rows kept, then the rolled-up row."""
    kept = [
        [cell.count for cell in row]
        for row in rows
        if len(_organizations(row)) >= MIN_ORGANIZATIONS
    ]
    rolled = [row for row in rows if len(_organizations(row)) < MIN_ORGANIZATIONS]
    if rolled:
        kept.append(
            [sum(row[column].count for row in rolled) for column in range(len(column_labels))]
        )
    return kept


def _grid(published):
    """The published table as one grid with its margins (last column, last row)."""
    grid = [[*row, total] for row, total in zip(published.cells, published.row_totals, strict=True)]
    grid.append([*published.column_totals, published.total])
    return grid


def _true_grid(counts, width):
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(row[column] for row in grid) for column in range(width + 1)])
    return grid


def _lines(height, width):
    for row in range(height):
        yield [(row, column) for column in range(width)]
    for column in range(width):
        yield [(row, column) for row in range(height)]


def _reader_values(value, bound):
    """What the reader knows an entry can be, from what is printed: a published count, or,
    for "x", any count (one marker: it says nothing of the value)."""
    return set(range(bound + 1)) if value == HIDDEN else {value}


def _feasible(domains, index, bound):
    """Values entry ``index`` can take with cells ``domains[:-1]`` adding up to ``domains[-1]``
    (brute force over the sums, up to ``bound``)."""
    *parts, total = domains

    def sums(sets):
        reachable = {0}
        for values in sets:
            reachable = {a + b for a in reachable for b in values if a + b <= bound}
        return reachable

    if index == len(parts):
        return total & sums(parts)
    others = sums(parts[:index] + parts[index + 1 :])
    return {value for value in parts[index] if any(t - value in others for t in total)}


def _sensitive(count, organizations):
    return 0 < count < MIN_FAMILIES or (count > 0 and len(organizations) < MIN_ORGANIZATIONS)


@given(tables())
def test_no_published_count_is_from_1_to_4_and_the_only_marker_is_x(table):
    published = publish(*table, other_label=OTHER)
    for row in _grid(published):
        for value in row:
            assert value == HIDDEN or (isinstance(value, int) and not 1 <= value <= 4)


@given(tables())
def test_published_counts_are_the_true_counts(table):
    row_labels, column_labels, rows = table
    published = publish(row_labels, column_labels, rows, other_label=OTHER)
    true = _true_grid(_true_table(*table), len(column_labels))
    for published_row, true_row in zip(_grid(published), true, strict=True):
        for shown, count in zip(published_row, true_row, strict=True):
            assert shown in (HIDDEN, count)


@given(tables())
def test_rows_from_fewer_than_three_organizations_are_rolled_up(table):
    row_labels, column_labels, rows = table
    published = publish(row_labels, column_labels, rows, other_label=OTHER)
    few = [
        label
        for label, row in zip(row_labels, rows, strict=True)
        if len(_organizations(row)) < MIN_ORGANIZATIONS
    ]
    enough = [label for label in row_labels if label not in few]
    assert published.row_labels == enough + ([OTHER] if few else [])


@given(tables())
def test_a_rolled_up_row_still_under_three_organizations_shows_no_positive_count(table):
    row_labels, column_labels, rows = table
    published = publish(row_labels, column_labels, rows, other_label=OTHER)
    rolled = [row for row in rows if len(_organizations(row)) < MIN_ORGANIZATIONS]
    if rolled and len(frozenset().union(*map(_organizations, rolled))) < MIN_ORGANIZATIONS:
        assert all(value in (HIDDEN, 0) for value in published.cells[-1])
        assert published.row_totals[-1] in (HIDDEN, 0)


@given(tables())
def test_a_positive_cell_from_fewer_than_three_organizations_is_hidden(table):
    row_labels, column_labels, rows = table
    published = publish(row_labels, column_labels, rows, other_label=OTHER)
    kept = [row for row in rows if len(_organizations(row)) >= MIN_ORGANIZATIONS]
    for published_row, row in zip(published.cells, kept, strict=False):
        for shown, cell in zip(published_row, row, strict=True):
            if cell.count and len(cell.organizations) < MIN_ORGANIZATIONS:
                assert shown == HIDDEN


def _true_sources(row_labels, column_labels, rows):
    """The organizations behind each entry of the true grid (rows kept, rolled-up, margins)."""
    width = len(column_labels)
    kept = [row for row in rows if len(_organizations(row)) >= MIN_ORGANIZATIONS]
    rolled = [row for row in rows if len(_organizations(row)) < MIN_ORGANIZATIONS]
    grid = [[cell.organizations for cell in row] for row in kept]
    if rolled:
        grid.append(
            [
                frozenset().union(*(row[column].organizations for row in rolled))
                for column in range(width)
            ]
        )
    grid = [[*row, frozenset().union(*row)] for row in grid]
    grid.append([frozenset().union(*(row[column] for row in grid)) for column in range(width + 1)])
    return grid


@settings(deadline=None)  # the brute-force reader is slow on a busy machine; no timing here
@given(tables())
def test_no_hidden_count_can_be_worked_out_from_its_row_or_column(table):
    row_labels, column_labels, rows = table
    published = _grid(publish(row_labels, column_labels, rows, other_label=OTHER))
    true = _true_grid(_true_table(*table), len(column_labels))
    sources = _true_sources(*table)
    height, width = len(true), len(column_labels) + 1
    bound = true[-1][-1] + MIN_FAMILIES
    for line in _lines(height, width):
        domains = [_reader_values(published[row][column], bound) for row, column in line]
        *parts, (total_row, total_column) = line
        if published[total_row][total_column] != HIDDEN:
            # What the hidden entries add up to is known: it must be publishable itself.
            behind = [(r, c) for r, c in parts if published[r][c] == HIDDEN]
            count = sum(true[r][c] for r, c in behind)
            organizations = frozenset().union(*(sources[r][c] for r, c in behind))
            assert not _sensitive(count, organizations), (line, published, true)
        for index, (row, column) in enumerate(line):
            shown, count = published[row][column], true[row][column]
            if shown != HIDDEN or count == 0:
                continue  # published, or a zero (which could be published anyway)
            feasible = _feasible(domains, index, bound)
            assert count in feasible
            assert len(feasible) >= 2, (line, published, true)
            if count < MIN_FAMILIES:
                assert feasible - set(range(1, MIN_FAMILIES)), (line, published, true)


def test_a_community_of_fewer_than_three_organizations_is_withheld():
    cells = [[Cell(40, frozenset({"a", "b"})), Cell(0, frozenset())]]
    published = publish(["food"], ["cost", "transport"], cells, other_label=OTHER,
                        population=frozenset({"a", "b"}))  # fmt: skip
    assert published.withheld
    assert published.cells == [[HIDDEN, HIDDEN]]
    assert published.total == HIDDEN


@given(tables(), st.permutations([1, 2, 3, 4, 5]))
def test_the_result_depends_only_on_the_table(table, renaming):
    row_labels, column_labels, rows = table
    renamed = [
        [
            Cell(
                cell.count,
                frozenset(renaming[organization - 1] for organization in cell.organizations),
            )
            for cell in row
        ]
        for row in rows
    ]
    first = publish(row_labels, column_labels, rows, other_label=OTHER)
    assert publish(row_labels, column_labels, rows, other_label=OTHER) == first
    assert publish(row_labels, column_labels, renamed, other_label=OTHER) == first


def everyone(count):
    return Cell(count, frozenset({"a", "b", "c"}))


def test_a_small_cell_is_hidden_with_enough_others_that_their_sum_is_publishable():
    # Hiding 1 and 5 alone would leave their sum, 6, publishable: enough, with one marker.
    published = publish(
        ["rural", "urbain"],
        ["food", "housing", "transport"],
        [[everyone(1), everyone(5), everyone(20)], [everyone(9), everyone(12), everyone(30)]],
        other_label=OTHER,
    )
    assert published.cells[0][0] == HIDDEN
    assert published.cells[0].count(HIDDEN) >= 2
    assert published.total == 77


def test_a_total_under_5_is_hidden_with_its_cells():
    published = publish(["rural"], ["a", "b", "c", "d"], [[everyone(1)] * 4], other_label=OTHER)
    assert published.cells == [[HIDDEN, HIDDEN, HIDDEN, HIDDEN]]
    assert published.row_totals == [HIDDEN]
    assert published.total == HIDDEN


def test_rows_of_one_or_two_organizations_are_rolled_up_into_other():
    alone = Cell(40, frozenset({"a"}))
    pair = Cell(30, frozenset({"b", "c"}))
    published = publish(
        ["Montréal", "Gaspé", "Laval"],
        ["families"],
        [[everyone(50)], [alone], [pair]],
        other_label=OTHER,
    )
    assert published.row_labels == ["Montréal", OTHER]
    # Gaspé (one organization) and Laval (two) make three together: the row is published.
    assert published.cells == [[50], [70]]
    assert published.total == 120


def test_a_rolled_up_row_of_two_organizations_is_hidden_but_counted_in_the_totals():
    published = publish(
        ["Montréal", "Québec", "Gaspé"],
        ["food", "housing"],
        [
            [everyone(50), everyone(40)],
            [everyone(60), everyone(35)],
            [Cell(7, frozenset({"a"})), Cell(9, frozenset({"b"}))],
        ],
        other_label=OTHER,
    )
    assert published.row_labels == ["Montréal", "Québec", OTHER]
    assert published.cells[2] == [HIDDEN, HIDDEN]
    assert published.row_totals[2] == HIDDEN
    assert HIDDEN in published.cells[0] + published.cells[1] + published.row_totals[:2]


def test_organizations_passed_with_a_zero_do_not_count_as_contributing():
    zero = Cell(0, frozenset({"b", "c"}))
    published = publish(
        ["Gaspé"], ["food", "housing"], [[Cell(40, frozenset({"a"})), zero]], other_label=OTHER
    )
    assert published.row_labels == [OTHER]
    assert published.cells == [[HIDDEN, 0]]


def test_an_empty_table_publishes_zeros():
    published = publish([], ["food"], [], other_label=OTHER)
    assert published.cells == []
    assert published.column_totals == [0]
    assert published.total == 0


def test_a_rate_needs_five_families_from_three_organizations_below_it():
    assert publish_rate(everyone(20), everyone(50)) == 0.4
    assert publish_rate(everyone(0), everyone(50)) == 0.0
    assert publish_rate(everyone(3), Cell(4, frozenset({"a", "b", "c"}))) is None
    assert publish_rate(everyone(20), Cell(50, frozenset({"a", "b"}))) is None


def test_a_rate_that_would_give_back_a_small_count_is_not_published():
    assert publish_rate(everyone(2), everyone(60)) is None
    assert publish_rate(everyone(58), everyone(60)) is None
    assert publish_rate(everyone(60), everyone(60)) == 1.0


def test_a_single_count_is_shown_only_from_5_families_and_3_organizations():
    assert publish_count(everyone(12)) == 12
    assert publish_count(everyone(0)) == 0
    assert publish_count(everyone(3)) == HIDDEN
    assert publish_count(Cell(12, frozenset({"a"}))) == HIDDEN


def test_the_rules_have_a_version():
    assert RULES_VERSION
