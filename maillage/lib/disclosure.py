"""The disclosure rules for counts shared beyond an organization.

Framework-free on purpose: the rules are read by reviewers and the steering
committee (``docs/disclosure.md``), tested on their own with property-based tests,
and imported by every app that publishes a count across organizations
(evaluation aggregates, the research extract). ``RULES_VERSION`` changes whenever
a rule below changes, and each research release records it.

``publish`` turns a table of ``Cell`` (a count and the organizations behind it)
into a ``PublishedTable``:

1. **Roll-up.** A row whose cells come from fewer than ``MIN_ORGANIZATIONS``
   organizations in all is not shown on its own: such rows are merged, in
   order, into one last row labelled ``other_label``. If that merged row itself
   still has fewer than ``MIN_ORGANIZATIONS`` organizations, none of its entries
   is published (each shows a marker), but its families stay in the column
   totals and the grand total, so every table of the same population adds up
   to the same total and a difference between two tables reveals nothing.
2. **Primary suppression.** An entry (cell, row total, column total, grand
   total) is hidden when its count is from 1 to ``MIN_FAMILIES - 1``, or when it
   is positive and comes from fewer than ``MIN_ORGANIZATIONS`` organizations.
3. **Complementary suppression.** Each row (its cells and its total), each
   column (its cells and its total), the row of column totals and the column of
   row totals is an equation a reader can solve. More entries are hidden until,
   in every such equation, a reader who knows these rules cannot work out any
   hidden positive entry, and cannot narrow a cell "< 5" to less than "from 1
   to 4".

Markers (decision recorded in ``docs/decisions/0005-disclosure-markers.md``):

* a **cell** from 1 to 4 shows ``SMALL`` ("< 5"); any other hidden cell shows
  ``HIDDEN`` ("x"), so a reader knows a cell "x" is 0 or at least 5;
* a hidden **total** (row, column or grand) always shows ``HIDDEN``, whatever its
  value: a total marked "< 5" over cells marked "< 5" can pin them down (four
  cells "< 5" under a total "< 5" are all 1).

The check in step 3 takes into account what each marker tells the reader, so
"x" next to "< 5" under a published total cannot be solved either. Its limit:
it reasons on one equation at a time, the attack a reader of a printed table
can do. It does not solve the whole system of equations at once, which can
sometimes narrow a hidden value further; the tables published by Maillage are
fixed and coarse, which keeps that risk low (see the decision record).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SMALL = "< 5"
HIDDEN = "x"

__all__ = [
    "HIDDEN",
    "MIN_FAMILIES",
    "MIN_ORGANIZATIONS",
    "RULES_VERSION",
    "SMALL",
    "Cell",
    "PublishedTable",
    "publish",
    "publish_count",
    "publish_rate",
]

RULES_VERSION = "2026.1"
MIN_FAMILIES = 5  # a published count is 0 or >= 5 (1..4 shows as "< 5")
MIN_ORGANIZATIONS = 3  # a published cell needs >= 3 contributing organizations


@dataclass(frozen=True)
class Cell:
    count: int  # families (or referrals...) counted
    organizations: frozenset  # ids of the organizations that contributed to count (none for 0)

    def __post_init__(self):
        if self.count < 0:
            raise ValueError("A count cannot be negative.")

    def __add__(self, other: Cell) -> Cell:
        return Cell(self.count + other.count, self.organizations | other.organizations)


EMPTY = Cell(0, frozenset())


@dataclass(frozen=True)
class PublishedTable:
    row_labels: list[str]  # the rows kept, then possibly the rolled-up row
    column_labels: list[str]
    cells: list[list[int | str]]  # int, or SMALL ("< 5") / HIDDEN ("x") markers
    row_totals: list[int | str]
    column_totals: list[int | str]
    total: int | str


def _is_small(count: int) -> bool:
    return 0 < count < MIN_FAMILIES


def _needs_primary_suppression(cell: Cell, min_organizations: int = MIN_ORGANIZATIONS) -> bool:
    return _is_small(cell.count) or (cell.count > 0 and len(cell.organizations) < min_organizations)


def publish_count(cell: Cell) -> int | str:
    """One count on its own (a headline figure): the count, or a marker."""
    if _is_small(cell.count):
        return SMALL
    if _needs_primary_suppression(cell):
        return HIDDEN
    return cell.count


def publish_rate(numerator: Cell, denominator: Cell) -> float | None:
    """None when the denominator is under MIN_FAMILIES or has fewer than MIN_ORGANIZATIONS.

    Also None when the numerator, or what the denominator has beyond it, is from 1
    to 4: with the denominator published elsewhere, a rate of 2 in 60 or 58 in 60
    gives back the small count. The rate is a share (0.0 to 1.0 when the
    numerator is part of the denominator), not a percentage.
    """
    if denominator.count < MIN_FAMILIES or len(denominator.organizations) < MIN_ORGANIZATIONS:
        return None
    if _is_small(numerator.count):
        return None
    if numerator.count <= denominator.count and _is_small(denominator.count - numerator.count):
        return None
    return numerator.count / denominator.count


def publish(
    row_labels: list[str],
    column_labels: list[str],
    cells: list[list[Cell]],
    *,
    other_label: str,
    min_organizations: int = MIN_ORGANIZATIONS,
) -> PublishedTable:
    """Rows with fewer than MIN_ORGANIZATIONS contributing organizations are rolled up into one
    row labelled other_label; then primary suppression (1..4) and complementary suppression
    (no hidden entry recoverable from its row/column equation, margins included).

    ``min_organizations=1`` is for a table shared among organizations that sit together
    (a community's table de concertation): no roll-up and no rule on organizations, the
    same suppression of small counts.
    """
    if len(cells) != len(row_labels):
        raise ValueError("There must be one row of cells per row label.")
    width = len(column_labels)
    if any(len(row) != width for row in cells):
        raise ValueError("Every row must have one cell per column label.")

    # An organization "contributes" to a count only with families in it: one passed along
    # with a zero must not help a row or a total reach MIN_ORGANIZATIONS.
    cells = [[cell if cell.count else EMPTY for cell in row] for row in cells]
    if min_organizations > 1:
        labels, rows, hidden_rows = _roll_up(
            row_labels, cells, width, other_label, min_organizations
        )
    else:
        labels, rows, hidden_rows = list(row_labels), [list(row) for row in cells], set()
    grid = _with_margins(rows, width)
    height = len(grid)
    margin_row, margin_column = height - 1, width
    hidden: set[tuple[int, int]] = set()
    for row_index, row in enumerate(grid):
        for column_index, cell in enumerate(row):
            if row_index in hidden_rows or _needs_primary_suppression(cell, min_organizations):
                hidden.add((row_index, column_index))
    _complement(grid, hidden, margin_row, margin_column)

    def shown(row_index: int, column_index: int) -> int | str:
        count = grid[row_index][column_index].count
        if (row_index, column_index) not in hidden:
            return count
        is_margin = row_index == margin_row or column_index == margin_column
        return SMALL if _is_small(count) and not is_margin else HIDDEN

    return PublishedTable(
        row_labels=labels,
        column_labels=list(column_labels),
        cells=[[shown(r, c) for c in range(width)] for r in range(height - 1)],
        row_totals=[shown(r, margin_column) for r in range(height - 1)],
        column_totals=[shown(margin_row, c) for c in range(width)],
        total=shown(margin_row, margin_column),
    )


def _union(cells: Iterable[Cell]) -> Cell:
    total = EMPTY
    for cell in cells:
        total = total + cell
    return total


def _roll_up(row_labels, cells, width, other_label, min_organizations):
    """The labels and rows kept, the rolled-up row last, and the indexes of rows to hide."""
    labels, rows, rolled = [], [], []
    for label, row in zip(row_labels, cells, strict=True):
        if len(_union(row).organizations) >= min_organizations:
            labels.append(label)
            rows.append(list(row))
        else:
            rolled.append(row)
    hidden_rows = set()
    if rolled:
        other = [_union(row[column] for row in rolled) for column in range(width)]
        if len(_union(other).organizations) < min_organizations:
            hidden_rows.add(len(rows))
        labels.append(other_label)
        rows.append(other)
    return labels, rows, hidden_rows


def _with_margins(rows: list[list[Cell]], width: int) -> list[list[Cell]]:
    grid = [[*row, _union(row)] for row in rows]
    grid.append([_union(row[column] for row in grid) for column in range(width + 1)])
    return grid


# --- Complementary suppression -------------------------------------------------------------
#
# What a reader may know about an entry is a set of integers, kept as a sorted tuple of
# closed intervals (low, high), high possibly math.inf. Sums of such sets stay a handful of
# intervals, which keeps the check exact and cheap even for counts in the tens of thousands.

Intervals = tuple[tuple[float, float], ...]

SMALL_CELL: Intervals = ((1, MIN_FAMILIES - 1),)
HIDDEN_CELL: Intervals = ((0, 0), (MIN_FAMILIES, math.inf))
HIDDEN_TOTAL: Intervals = ((0, math.inf),)


def _normalize(intervals: Iterable[tuple[float, float]]) -> Intervals:
    merged: list[list[float]] = []
    for low, high in sorted(interval for interval in intervals if interval[0] <= interval[1]):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return tuple((low, high) for low, high in merged)


def _add(a: Intervals, b: Intervals) -> Intervals:
    return _normalize((la + lb, ha + hb) for la, ha in a for lb, hb in b)


def _sum(domains: Sequence[Intervals]) -> Intervals:
    total: Intervals = ((0, 0),)
    for domain in domains:
        total = _add(total, domain)
    return total


def _intersect(a: Intervals, b: Intervals) -> Intervals:
    return _normalize(
        (max(la, lb), min(ha, hb)) for la, ha in a for lb, hb in b if max(la, lb) <= min(ha, hb)
    )


def _contains(intervals: Intervals, value: int) -> bool:
    return any(low <= value <= high for low, high in intervals)


def _size(intervals: Intervals) -> float:
    return sum(high - low + 1 for low, high in intervals)


def _reader_domain(position, hidden, grid, margin_row, margin_column) -> Intervals:
    row, column = position
    if (row, column) not in hidden:
        count = grid[row][column].count
        return ((count, count),)
    if row == margin_row or column == margin_column:
        return HIDDEN_TOTAL
    return SMALL_CELL if _is_small(grid[row][column].count) else HIDDEN_CELL


def _line_feasible(domains: list[Intervals]) -> list[Intervals]:
    """For the equation ``domains[0] + ... + domains[-2] == domains[-1]`` (cells, then
    their total), the values each entry can still take given all the others."""
    *parts, total = domains
    feasible = []
    for index, domain in enumerate(parts):
        others = _sum(parts[:index] + parts[index + 1 :])
        # entry = total - others
        candidates = _normalize(
            (t_low - o_high, t_high - o_low) for t_low, t_high in total for o_low, o_high in others
        )
        feasible.append(_intersect(domain, candidates))
    feasible.append(_intersect(total, _sum(parts)))
    return feasible


def _is_protected(count: int, feasible: Intervals, *, is_margin: bool) -> bool:
    if count == 0:
        return True  # a zero may be published anyway; learning it gives nothing away
    if _is_small(count) and not is_margin:
        # A cell "< 5" must stay anything from 1 to 4. A total cannot always: three cells
        # "< 5" add up to at least 3, which no amount of hiding changes.
        return all(_contains(feasible, value) for value in range(1, MIN_FAMILIES))
    return _size(feasible) >= 2


def _lines(height: int, width: int):
    for row in range(height):
        yield [(row, column) for column in range(width)]
    for column in range(width):
        yield [(row, column) for row in range(height)]


def _exposed_line(grid, hidden, margin_row, margin_column):
    """The first line (cells, then total) where a hidden entry is not protected, or None."""
    height, width = len(grid), len(grid[0])
    for line in _lines(height, width):
        if not any(position in hidden for position in line):
            continue
        domains = [
            _reader_domain(position, hidden, grid, margin_row, margin_column) for position in line
        ]
        for position, feasible in zip(line, _line_feasible(domains), strict=True):
            row, column = position
            is_margin = row == margin_row or column == margin_column
            count = grid[row][column].count
            if position in hidden and not _is_protected(count, feasible, is_margin=is_margin):
                return line
    return None


def _complement(grid, hidden, margin_row, margin_column) -> None:
    """Hide more entries until every line protects its hidden entries (see the docstring).

    Hides one entry at a time, in the first exposed line: a cell before a total, a
    positive count before a zero (a zero hidden next to a published total adds
    little doubt), the smallest count first to lose the least, then the position so
    that the result does not depend on anything but the table. Always ends: a line
    whose entries are all hidden protects them, its total being "x" with no bound.
    """
    while (line := _exposed_line(grid, hidden, margin_row, margin_column)) is not None:
        candidates = [position for position in line if position not in hidden]
        if not candidates:  # pragma: no cover - ruled out above; never loop or publish then
            raise RuntimeError("A line with every entry hidden was found exposed.")

        def cost(position):
            row, column = position
            count = grid[row][column].count
            is_margin = row == margin_row or column == margin_column
            return (is_margin, count == 0, count, position)

        hidden.add(min(candidates, key=cost))
