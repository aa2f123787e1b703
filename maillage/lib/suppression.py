"""Small-cell suppression for tables of counts shared beyond an organization.

``suppress(table)`` takes a grid of counts (a list of rows, each a list of
non-negative integers, all the same length) and returns the grid *with its
margins*: one more column (row totals), one more row (column totals) and the
grand total in the bottom-right corner. Every value is either the count, or

* ``SMALL`` ("< 5"): a count from 1 to 4 (primary suppression), or
* ``HIDDEN`` ("x"): a larger count (or zero) hidden so that a small one cannot be
  worked out from the totals (complementary suppression).

Each row of the returned grid (cells and row total) and each column (cells and
column total) is one equation: the total is the sum of the cells. When exactly
one entry of an equation is hidden, the published entries give it back. So the
rule enforced here: every row and every column of the returned grid hides
either none or at least two of its entries. Complementary suppression hides
the smallest count of the line that is not hidden yet (cells before the margin,
positive counts before zeros), and repeats until no line hides exactly one.

Limits, on purpose: this defeats recovery from a single row or column equation,
the attack a reader of a printed table can do. It is not an optimal
(minimum-loss) suppression, and it does not bound what interval reasoning
across several equations can narrow down; tables shared by Maillage are small
and coarse (need × territory × cause), which keeps that risk low.
"""

from __future__ import annotations

SMALL = "< 5"
HIDDEN = "x"
THRESHOLD = 5  # counts from 1 to THRESHOLD - 1 are small


def is_small(count: int) -> bool:
    return 0 < count < THRESHOLD


def with_margins(table: list[list[int]]) -> list[list[int]]:
    """``table`` with a row-total column, a column-total row and the grand total."""
    width = len(table[0]) if table else 0
    grid = [[*row, sum(row)] for row in table]
    totals = [sum(row[column] for row in grid) for column in range(width + 1)]
    return [*grid, totals]


def _lines(height: int, width: int):
    for row in range(height):
        yield [(row, column) for column in range(width)]
    for column in range(width):
        yield [(row, column) for row in range(height)]


def hidden_positions(table: list[list[int]]) -> set[tuple[int, int]]:
    """Positions (row, column) of the grid with margins that ``suppress`` hides."""
    grid = with_margins(table)
    height, width = len(grid), len(grid[0])
    hidden = {
        (row, column)
        for row in range(height)
        for column in range(width)
        if is_small(grid[row][column])
    }
    changed = True
    while changed:
        changed = False
        for line in _lines(height, width):
            if sum(position in hidden for position in line) != 1:
                continue
            candidates = [position for position in line if position not in hidden]

            def cost(position):
                row, column = position
                value = grid[row][column]
                is_margin = row == height - 1 or column == width - 1
                return (is_margin, value == 0, value, position)

            hidden.add(min(candidates, key=cost))
            changed = True
    return hidden


def suppress(table: list[list[int]]) -> list[list[int | str]]:
    """The grid with its margins, small counts shown as ``SMALL`` and their
    complements as ``HIDDEN`` (see the module's docstring)."""
    if not table or not table[0]:
        return [[sum(sum(row) for row in table)]] if table else [[0]]
    grid = with_margins(table)
    hidden = hidden_positions(table)
    published: list[list[int | str]] = []
    for row_index, row in enumerate(grid):
        published_row: list[int | str] = []
        for column_index, value in enumerate(row):
            if (row_index, column_index) not in hidden:
                published_row.append(value)
            else:
                published_row.append(SMALL if is_small(value) else HIDDEN)
        published.append(published_row)
    return published
