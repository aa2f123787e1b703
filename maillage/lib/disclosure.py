"""The disclosure rules for counts shared beyond an organization.

Framework-free on purpose: the rules are read by reviewers and the steering
committee (``docs/disclosure.md``), tested on their own with property-based tests
(an independent integer-programming reader tries to break them), and imported by
every app that publishes a count across organizations (the evaluation, the shared
concertation table of service gaps, the research extract). ``RULES_VERSION``
changes whenever a rule below changes, and each research release records it.

``publish`` turns one table of ``Cell`` (a count and the organizations behind it)
into a ``PublishedTable``; ``publish_breakdowns`` publishes the same table for
several groups of organizations at once (the province, a milieu, a region), which
a reader can subtract from one another:

1. **Roll-up.** A row whose cells come from fewer than ``MIN_ORGANIZATIONS``
   organizations in all is not shown on its own: such rows are merged into one last
   row labelled ``other_label``.
2. **Primary suppression.** An entry (cell, row total, column total, grand total)
   is hidden when its count is from 1 to ``MIN_FAMILIES - 1``, or when it is
   positive and comes from fewer than ``MIN_ORGANIZATIONS`` organizations. A table
   of a group of fewer than ``MIN_ORGANIZATIONS`` organizations shows no number at
   all (``withheld``), not even a zero.
3. **Complementary suppression.** Each row, each column, the row of column totals
   and the column of row totals is an addition a reader can redo. More entries are
   hidden until (a) in every line with a published total, the hidden entries add up
   to a count that could itself be published (0, or at least ``MIN_FAMILIES`` from at
   least ``MIN_ORGANIZATIONS`` organizations), and (b) propagating the bounds of
   every line through the whole table, no hidden positive entry is pinned to one
   value and no hidden count from 1 to 4 is pinned between 1 and 4.
4. **Breakdowns.** The groups published together are cut into *atoms*: the
   organizations that belong to exactly the same groups. A reader who subtracts
   tables can at best learn each atom's table, so each atom's table goes through
   steps 2 and 3, and a group hides every entry that one of its atoms hides. What
   the groups publish is then a sum of what the atoms publish, and adds nothing to
   it. ``breakdowns`` chooses the groups offered so that every atom holds at least
   ``MIN_ORGANIZATIONS`` organizations (otherwise subtracting would isolate one or
   two organizations).

One marker, ``HIDDEN`` ("x"), for every hidden entry: a reader learns nothing from
it but that the entry is not published (decision
``docs/decisions/0010-breakdowns-and-one-marker.md``, which replaces 0005's "< 5").
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

HIDDEN = "x"

__all__ = [
    "HIDDEN",
    "MIN_FAMILIES",
    "MIN_ORGANIZATIONS",
    "RULES_VERSION",
    "Cell",
    "PublishedTable",
    "atoms",
    "breakdowns",
    "is_sensitive",
    "publish",
    "publish_breakdowns",
    "publish_count",
    "publish_rate",
]

RULES_VERSION = "2026.2"
MIN_FAMILIES = 5  # a published count is 0 or >= 5
MIN_ORGANIZATIONS = 3  # a published count needs >= 3 contributing organizations


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
    cells: list[list[int | str]]  # int, or HIDDEN ("x")
    row_totals: list[int | str]
    column_totals: list[int | str]
    total: int | str
    # True when the group holds fewer than MIN_ORGANIZATIONS organizations, or is not
    # one of the breakdowns published: every entry is hidden, whatever its value.
    withheld: bool = False
    # The hidden entries' parts (see ``_parts``), from ``publish_breakdowns``: for the other
    # tables and the headline figures of the same page.
    hidden_parts: frozenset = frozenset()


def is_sensitive(cell: Cell) -> bool:
    """A count that may not be published: from 1 to 4, or positive from 1 or 2 organizations."""
    return 0 < cell.count < MIN_FAMILIES or (
        cell.count > 0 and len(cell.organizations) < MIN_ORGANIZATIONS
    )


def publish_count(cell: Cell) -> int | str:
    """One count on its own (a headline figure): the count, or ``HIDDEN``."""
    return HIDDEN if is_sensitive(cell) else cell.count


def publish_rate(numerator: Cell, denominator: Cell, rest: Cell | None = None) -> float | None:
    """The share ``numerator / denominator``, or None when it would give a count away.

    A share and its denominator give the numerator back, and the denominator less the
    numerator (``rest``, when the numerator is part of the denominator): each of the
    three must be publishable as a count, and the denominator at least MIN_FAMILIES.
    Without ``rest`` its count is taken from the two others (its organizations unknown:
    only its count is checked). The rate is a share (0.0 to 1.0), not a percentage.
    """
    if denominator.count < MIN_FAMILIES or is_sensitive(denominator) or is_sensitive(numerator):
        return None
    if rest is not None and is_sensitive(rest):
        return None
    if numerator.count <= denominator.count and 0 < denominator.count - numerator.count < (
        MIN_FAMILIES
    ):
        return None
    return numerator.count / denominator.count


# --- One table ---------------------------------------------------------------------------


def publish(
    row_labels: list[str],
    column_labels: list[str],
    cells: list[list[Cell]],
    *,
    other_label: str,
    population: frozenset | None = None,
) -> PublishedTable:
    """One table of one group of organizations: roll-up, primary and complementary
    suppression (steps 1 to 3 of the module's docstring).

    ``population``: the organizations of the group, when known (a community's members):
    with fewer than MIN_ORGANIZATIONS of them the table is withheld.
    """
    _check_shape(row_labels, column_labels, cells)
    width = len(column_labels)
    # An organization "contributes" to a count only with families in it: one passed along
    # with a zero must not help a row or a total reach MIN_ORGANIZATIONS.
    cells = [[cell if cell.count else EMPTY for cell in row] for row in cells]
    withheld = population is not None and len(population) < MIN_ORGANIZATIONS
    kept, rolled = _roll_up([_row_organizations(row) for row in cells])
    labels = [row_labels[index] for index in kept]
    rows = [cells[index] for index in kept]
    if rolled:
        labels.append(other_label)
        rows.append([_union(cells[index][column] for index in rolled) for column in range(width)])
    grid = _with_margins(rows, width)
    hidden = _protect(grid) if not withheld else _every_position(grid)
    return _render(labels, column_labels, grid, hidden, withheld=withheld)


# --- Breakdowns: several groups published together ---------------------------------------


def atoms(groups: Mapping[Hashable, frozenset]) -> list[frozenset]:
    """The organizations that belong to exactly the same groups, as sets: what subtracting
    the groups' tables from one another can isolate, and no less."""
    signatures: dict[frozenset, set] = {}
    for organization in frozenset().union(*groups.values()) if groups else ():
        signature = frozenset(key for key, members in groups.items() if organization in members)
        signatures.setdefault(signature, set()).add(organization)
    return sorted((frozenset(members) for members in signatures.values()), key=sorted)


def breakdowns(
    population: frozenset, candidates: Sequence[tuple[Hashable, frozenset]]
) -> list[Hashable]:
    """The keys of the candidate groups that may be published along with the population.

    In the order given, a candidate is kept when it holds at least MIN_ORGANIZATIONS
    organizations and, with the population and the candidates kept before it, every
    atom still does: otherwise a reader could subtract tables down to one or two
    organizations (all milieux minus urbain minus mixte is rural).
    """
    if len(population) < MIN_ORGANIZATIONS:
        return []
    kept: dict[Hashable, frozenset] = {}
    for key, members in candidates:
        members = frozenset(members) & population
        if len(members) < MIN_ORGANIZATIONS:
            continue
        trial = {**kept, key: members}
        if all(len(atom) >= MIN_ORGANIZATIONS for atom in atoms({None: population, **trial})):
            kept = trial
    return list(kept)


def publish_breakdowns(
    row_labels: list[str],
    column_labels: list[str],
    counts: list[list[Mapping[Hashable, int]]],
    groups: Mapping[Hashable, frozenset],
    *,
    other_label: str,
    nested: Sequence[tuple[int, int]] = (),
    forced: frozenset = frozenset(),
    row_totals: bool = True,
    column_totals: bool = True,
) -> dict[Hashable, PublishedTable]:
    """The table of each group, from the counts of each organization (``counts[row][column]``
    maps an organization to its count), protected together (step 4 of the docstring).

    Every group is published; choose them with ``breakdowns`` first. A group of fewer than
    MIN_ORGANIZATIONS organizations is withheld. Rows are rolled up once, for all the
    groups together, so that every group's table has the same rows.

    ``nested``: ``(part, whole)`` column pairs where the part's families are among the
    whole's ("of which meeting the target"): the two subtracted give a third count, the
    whole less the part; where that one may not be published, the part is hidden too.

    ``forced``: counts hidden elsewhere (in another table of the same page), each as its
    ``parts`` (see ``PublishedTable.hidden_parts``): an entry with the same parts is hidden
    here too, otherwise this table would show what the other hides.

    ``row_totals``, ``column_totals``: False when the page does not show them (the grand
    total is shown with both only); the reader does not know them, and they are "x".
    """
    _check_shape(row_labels, column_labels, counts)
    width = len(column_labels)
    universe = frozenset().union(*groups.values()) if groups else frozenset()

    def cell(by_organization: Mapping, members: frozenset) -> Cell:
        shown = {org: value for org, value in by_organization.items() if org in members and value}
        return Cell(sum(shown.values()), frozenset(shown))

    by_row = [[dict(mapping) for mapping in row] for row in counts]
    kept, rolled = _roll_up(
        [_row_organizations([cell(mapping, universe) for mapping in row]) for row in by_row]
    )
    labels = [row_labels[index] for index in kept]
    rows = [by_row[index] for index in kept]
    if rolled:
        labels.append(other_label)
        merged = [{} for _column in range(width)]
        for index in rolled:
            for column in range(width):
                for org, value in by_row[index][column].items():
                    merged[column][org] = merged[column].get(org, 0) + value
        rows.append(merged)

    def grid_of(members: frozenset) -> list[list[Cell]]:
        return _with_margins([[cell(mapping, members) for mapping in row] for row in rows], width)

    def rests(members: frozenset) -> set[tuple[int, int]]:
        """The part cells to hide because the whole less the part may not be published."""
        found = set()
        column_sums = [
            [_sum_maps(row[column] for row in rows) for column in range(width)],
        ]
        for index, row in enumerate([*rows, *column_sums]):
            for part, whole in nested:
                rest = {
                    org: value - row[part].get(org, 0)
                    for org, value in row[whole].items()
                    if org in members and value - row[part].get(org, 0) > 0
                }
                if is_sensitive(Cell(sum(rest.values()), frozenset(rest))):
                    found.add((index, part))
        return found

    whole_grid = [[*row, _sum_maps(row)] for row in rows]
    whole_grid.append([_sum_maps(row[column] for row in whole_grid) for column in range(width + 1)])
    entry_parts = {
        (r, c): _parts(mapping) for r, row in enumerate(whole_grid) for c, mapping in enumerate(row)
    }
    forced_positions = {
        position for position, found in entry_parts.items() if found and found in forced
    }
    height = len(whole_grid)
    unshown = set()
    if not row_totals:
        unshown |= {(row, width) for row in range(height)}
    if not column_totals:
        unshown |= {(height - 1, column) for column in range(width + 1)}
    hidden_by_atom = {
        atom: _protect(grid_of(atom), rests(atom) | forced_positions, unshown)
        for atom in atoms(groups)
    }
    published = {}
    for key, members in groups.items():
        members = frozenset(members)
        grid = grid_of(members)
        withheld = len(members) < MIN_ORGANIZATIONS
        if withheld:
            hidden = _every_position(grid)
        else:
            hidden = set().union(
                *(found for atom, found in hidden_by_atom.items() if atom <= members)
            )
        table = _render(labels, column_labels, grid, hidden, withheld=withheld)
        hidden_parts = frozenset(entry_parts[position] for position in hidden - unshown)
        hidden_parts -= {frozenset()}
        published[key] = replace(table, hidden_parts=hidden_parts)
    return published


def _parts(by_organization: Mapping) -> frozenset:
    """A count as its parts, ``(organization, count)`` pairs: two entries with the same parts
    are the same count, in every group."""
    return frozenset((org, value) for org, value in by_organization.items() if value)


# --- Shared steps ------------------------------------------------------------------------


def _check_shape(row_labels, column_labels, cells) -> None:
    if len(cells) != len(row_labels):
        raise ValueError("There must be one row of cells per row label.")
    if any(len(row) != len(column_labels) for row in cells):
        raise ValueError("Every row must have one cell per column label.")


def _sum_maps(maps: Iterable[Mapping]) -> dict:
    total: dict = {}
    for mapping in maps:
        for key, value in mapping.items():
            total[key] = total.get(key, 0) + value
    return total


def _union(cells: Iterable[Cell]) -> Cell:
    total = EMPTY
    for cell in cells:
        total = total + cell
    return total


def _row_organizations(row: Sequence[Cell]) -> frozenset:
    return _union(row).organizations


def _roll_up(row_organizations: list[frozenset]) -> tuple[list[int], list[int]]:
    """The indexes of the rows kept, and of the rows rolled up into "other"."""
    kept = [i for i, orgs in enumerate(row_organizations) if len(orgs) >= MIN_ORGANIZATIONS]
    rolled = [i for i, orgs in enumerate(row_organizations) if len(orgs) < MIN_ORGANIZATIONS]
    return kept, rolled


def _with_margins(rows: list[list[Cell]], width: int) -> list[list[Cell]]:
    grid = [[*row, _union(row)] for row in rows]
    grid.append([_union(row[column] for row in grid) for column in range(width + 1)])
    return grid


def _every_position(grid) -> set[tuple[int, int]]:
    return {(row, column) for row in range(len(grid)) for column in range(len(grid[0]))}


def _render(labels, column_labels, grid, hidden, *, withheld) -> PublishedTable:
    height, width = len(grid) - 1, len(column_labels)

    def shown(row: int, column: int) -> int | str:
        return HIDDEN if (row, column) in hidden else grid[row][column].count

    return PublishedTable(
        row_labels=list(labels),
        column_labels=list(column_labels),
        cells=[[shown(r, c) for c in range(width)] for r in range(height)],
        row_totals=[shown(r, width) for r in range(height)],
        column_totals=[shown(height, c) for c in range(width)],
        total=shown(height, width),
        withheld=withheld,
    )


# --- Complementary suppression -------------------------------------------------------------
#
# The reader knows every published entry and that a hidden one is any count from 0 up. Each
# line (cells, then their total) is an equation; bounds are propagated through all of them
# until none changes, the way a reader would combine rows and columns.


def _lines(height: int, width: int):
    for row in range(height):
        yield [(row, column) for column in range(width)]
    for column in range(width):
        yield [(row, column) for row in range(height)]


def _bounds(grid, hidden) -> dict[tuple[int, int], list[float]]:
    """For each entry, the [low, high] a reader can work out (a published one: its value)."""
    height, width = len(grid), len(grid[0])
    bounds = {}
    for row in range(height):
        for column in range(width):
            count = grid[row][column].count
            bounds[row, column] = [0, math.inf] if (row, column) in hidden else [count, count]
    lines = [line for line in _lines(height, width) if any(p in hidden for p in line)]
    for _round in range(10 * (height + width)):
        changed = False
        for line in lines:
            *parts, total = line
            lows = [bounds[p][0] for p in parts]
            highs = [bounds[p][1] for p in parts]
            low_sum = sum(lows)
            infinite = sum(1 for high in highs if high == math.inf)
            finite_sum = sum(high for high in highs if high != math.inf)
            total_low, total_high = bounds[total]
            new_total = [
                max(total_low, low_sum),
                min(total_high, math.inf if infinite else finite_sum),
            ]
            if new_total != [total_low, total_high]:
                bounds[total] = new_total
                changed = True
            total_low, total_high = bounds[total]
            for position, low, high in zip(parts, lows, highs, strict=True):
                others_infinite = infinite - (1 if high == math.inf else 0)
                others_high = (
                    math.inf if others_infinite else finite_sum - (0 if high == math.inf else high)
                )
                others_low = low_sum - low
                new_low = max(low, total_low - others_high)
                new_high = min(high, total_high - others_low)
                if [new_low, new_high] != bounds[position]:
                    bounds[position] = [new_low, new_high]
                    changed = True
        if not changed:
            break
    return bounds


def _exposed(grid, hidden, unshown=frozenset()):
    """What to choose the next entry to hide from: the published entries of the lines where
    a reader can narrow too much, and whether it is the sum of a line's hidden entries
    (rather than one entry) that gives a count away; or None when nothing is exposed."""
    height, width = len(grid), len(grid[0])
    all_lines = list(_lines(height, width))
    for line in all_lines:
        *parts, total = line
        if total in hidden:
            continue
        behind = _union(grid[r][c] for r, c in parts if (r, c) in hidden)
        if is_sensitive(behind):
            # The hidden entries add up to a count that may not be published.
            return [position for position in line if position not in hidden], True
    bounds = _bounds(grid, hidden)
    candidates = set()
    for position in hidden - set(unshown):  # what is not shown at all is no secret
        count = grid[position[0]][position[1]].count
        low, high = bounds[position]
        pinned = count > 0 and low == high
        small = 0 < count < MIN_FAMILIES and low >= 1 and high < MIN_FAMILIES
        if pinned or small:
            for line in all_lines:
                if position in line:
                    candidates.update(p for p in line if p not in hidden)
    return (sorted(candidates), False) if candidates else None


def _protect(grid, also_hidden=(), unshown=frozenset()) -> set[tuple[int, int]]:
    """The entries to hide in ``grid`` (cells with margins): primary, then complementary.
    ``also_hidden``: entries to hide whatever their count; ``unshown``: totals the page does
    not show (unknown to the reader, but no secret: one worked out is no leak).

    Hides one entry at a time, among the published entries of the exposed lines: a cell
    before a total (row totals first, column totals last); where the
    hidden entries add up to a count that may not be published, a positive count (a zero
    would not change the sum), else a zero first (a hidden zero costs the reader nothing);
    then the smallest count, then the position, so that the result depends on the table only.
    Always ends: a table whose every entry is hidden exposes nothing.
    """
    height, width = len(grid), len(grid[0])
    margin_row, margin_column = height - 1, width - 1
    hidden = (
        {
            (row, column)
            for row in range(height)
            for column in range(width)
            if is_sensitive(grid[row][column])
        }
        | set(also_hidden)
        | set(unshown)
    )
    while (exposed := _exposed(grid, hidden, unshown)) is not None:
        candidates, by_sum = exposed

        def cost(position, by_sum=by_sum):
            row, column = position
            count = grid[row][column].count
            # Among totals, row totals, then the grand total, before column totals: a
            # column's total is the one most often repeated elsewhere (a headline figure),
            # and the two others are not even shown where columns overlap.
            margin = (row == margin_row) + 2 * (column == margin_column)
            rank = {0: 0, 2: 1, 3: 2, 1: 3}[margin]
            return (rank, by_sum and count == 0, count, position)

        hidden.add(min(candidates, key=cost))
    return hidden
