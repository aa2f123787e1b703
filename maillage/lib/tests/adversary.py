"""A reader who tries to break the disclosure rules, written apart from them.

It knows every organization of each group and every number every group's table shows,
and solves all of them at once, as integer programs (HiGHS, through scipy): one unknown
per organization and cell, at least 0. For a count it asks the smallest and the largest
value that everything published still allows. Used by the disclosure tests of
``maillage/lib`` and of the evaluation's pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

HIDDEN = "x"
SMALL_COUNTS = range(1, 5)


@dataclass(frozen=True)
class Shown:
    """One number a table shows: the organizations counted, the (row, column) cells of the
    original table it adds up, and its value."""

    organizations: frozenset
    cells: frozenset
    value: int


class Reader:
    def __init__(self, organizations, rows: int, columns: int, shown: list[Shown], cap: int):
        self.organizations = sorted(organizations)
        self.rows, self.columns = rows, columns
        self.index = {
            (org, row, column): position
            for position, (org, row, column) in enumerate(
                (org, row, column)
                for org in self.organizations
                for row in range(rows)
                for column in range(columns)
            )
        }
        self.size = len(self.index)
        equations = [self._vector(item.organizations, item.cells) for item in shown]
        values = [item.value for item in shown]
        self.constraints = (
            [LinearConstraint(np.array(equations), np.array(values), np.array(values))]
            if equations
            else []
        )
        self.bounds = Bounds(np.zeros(self.size), np.full(self.size, cap))

    def _vector(self, organizations, cells):
        vector = np.zeros(self.size)
        for org in organizations:
            for row, column in cells:
                vector[self.index[org, row, column]] = 1
        return vector

    def _solve(self, objective):
        result = milp(
            objective,
            constraints=self.constraints,
            integrality=np.ones(self.size),
            bounds=self.bounds,
        )
        assert result.success, result.message  # the true counts are always a solution
        return round(result.fun)

    def low(self, organizations, cells) -> int:
        return self._solve(self._vector(organizations, cells))

    def high(self, organizations, cells) -> int:
        return -self._solve(-self._vector(organizations, cells))


def leaks(counts, organizations, groups, shown: list[Shown], entries, cap=None):
    """What the reader can narrow, as a list of readable findings (empty: it fails).

    ``counts``: ``{(org, row, column): true count}``; ``groups``: the groups whose counts
    it tries (each breakdown, and what subtracting them isolates); ``entries``: the sets of
    (row, column) cells it tries each count over (cells, rows, columns, the whole table).
    It tries to tell that one or two organizations had any family in an entry (a count of
    theirs above 0 for sure), and to pin any count from 1 to 4 between 1 and 4.
    """
    organizations = sorted(organizations)
    rows = 1 + max((row for _org, row, _column in counts), default=0)
    columns = 1 + max((column for _org, _row, column in counts), default=0)
    total = sum(counts.values())
    reader = Reader(organizations, rows, columns, shown, cap or total + 10)

    def true(members, cells):
        return sum(counts.get((org, row, column), 0) for org in members for row, column in cells)

    found = []
    small_groups = [
        frozenset(pair) for size in (1, 2) for pair in combinations(organizations, size)
    ]
    for cells in entries:
        for members in small_groups:
            if true(members, cells) > 0 and reader.low(members, cells) > 0:
                found.append(("organizations narrowed", sorted(members), sorted(cells)))
        for members in groups:
            value = true(members, cells)
            narrowed = (
                value in SMALL_COUNTS
                and reader.low(members, cells) >= 1
                and reader.high(members, cells) < 5
            )
            if narrowed:
                found.append(("count 1-4 narrowed", sorted(members), sorted(cells), value))
    return found
