from hypothesis import given
from hypothesis import strategies as st

from maillage.lib.suppression import HIDDEN, SMALL, suppress, with_margins

counts = st.integers(min_value=0, max_value=40)
tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.lists(st.lists(counts, min_size=width, max_size=width), min_size=1, max_size=6)
)


def _lines(grid):
    yield from grid
    yield from ([row[column] for row in grid] for column in range(len(grid[0])))


@given(tables)
def test_no_published_count_is_from_1_to_4(table):
    for row in suppress(table):
        for value in row:
            assert value in (SMALL, HIDDEN) or not 1 <= value <= 4


@given(tables)
def test_no_hidden_count_can_be_worked_out_from_a_row_or_column_total(table):
    for line in _lines(suppress(table)):
        hidden = [value for value in line if value in (SMALL, HIDDEN)]
        # One hidden entry would be the total minus the published cells (or the
        # sum of the cells, for a hidden total).
        assert len(hidden) != 1


@given(tables)
def test_published_counts_are_the_true_counts(table):
    for published_row, true_row in zip(suppress(table), with_margins(table), strict=True):
        for published, true in zip(published_row, true_row, strict=True):
            assert published in (SMALL, HIDDEN) or published == true
            if published == SMALL:
                assert 1 <= true <= 4


def test_a_small_cell_is_shown_as_less_than_5_and_its_complements_hidden():
    published = suppress([[3, 10, 20], [8, 9, 30]])
    assert published[0][0] == SMALL
    # Row 0: 3 then 10 (the next smallest); column 0: 3 and 8 hidden.
    assert published[0][1] == HIDDEN
    assert published[1][0] == HIDDEN
    assert published[0][2] == 20
    assert published[2][3] == 80  # the grand total stays published


def test_large_counts_are_published_as_they_are():
    assert suppress([[5, 0], [12, 7]]) == [[5, 0, 5], [12, 7, 19], [17, 7, 24]]


def test_a_row_with_one_count_hides_its_total():
    published = suppress([[2]])
    assert published == [[SMALL, SMALL], [SMALL, SMALL]]
