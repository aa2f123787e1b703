"""What a question returns, and the helpers to build it from grouped database rows.

A question is a module ``questions/qN.py`` with::

    QUESTION = Question(N, _("Title"), compute)

    def compute(scope: Scope) -> QuestionResult: ...

``compute`` runs a fixed number of aggregate queries (``Count``/``Sum`` with filters,
grouped with ``.values(ORGANIZATION, <row field>)``; never a loop over families) and
returns **raw** numbers: every count is a ``Tally`` (the count, the ids of the
organizations that contributed to it, and each one's part, built by ``tally`` and
``tally_of``). The question never decides what may be shown: the shell
(``maillage/evaluation/presentation.py``) publishes the result — as it is for a PG's own
organization; for the évaluateur computed once for the province and cut by breakdown,
through ``maillage.lib.disclosure`` (``publish_breakdowns`` for tables, "x" for every
count from 1 to 4 or from fewer than three organizations, rows of fewer than three
organizations rolled up). So the rules live in one place. A ``Tally`` or ``Measure``
built by hand must carry ``by_organization``: cutting one without it raises.

What goes where:

* ``Indicator``: the headline numbers (a count, or a share ``value`` of ``of``, or a
  ratio of a count ``per`` a ``Measure`` such as hours).
* ``Table``: rows × count columns of ``Tally``; derived columns computed by the shell
  from published numbers: ``RateColumn`` (a share of two count columns of the row),
  ``MeasureColumn`` (hours, days… that are not counts of families) and ``RatioColumn``
  (a count column per a measure column, e.g. families per hour). Row labels are unique.
* ``Chart``: which column of which table to draw as horizontal bars (the shell draws the
  *published* values, so a suppressed cell is never drawn).

To add a question: write ``questions/qN.py`` as above (copy ``q2.py``), add it to
``registry.py`` (import and one line in ``QUESTIONS``), add its template only if the
generic ``evaluation/question.html`` does not fit, a section in ``docs/evaluation.md``,
and tests with a hand-computed dataset (copy ``tests/test_q2_strategies_vs_target.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

COUNT = "count"
SHARE = "share"
RATIO = "ratio"


def _merge(a: tuple, b: tuple) -> tuple:
    merged = dict(a)
    for organization, value in b:
        merged[organization] = merged.get(organization, 0) + value
    return tuple(sorted(merged.items()))


@dataclass(frozen=True)
class Tally:
    """A raw count and the organizations that contributed to it (count > 0 there).

    ``by_organization``: ``(organization id, count)`` pairs, so that the évaluateur's
    breakdowns (a milieu, a region) are cut from one computation and protected together
    (``maillage.lib.disclosure.publish_breakdowns``)."""

    count: int = 0
    organizations: frozenset = frozenset()
    by_organization: tuple = ()

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.count + other.count,
            self.organizations | other.organizations,
            _merge(self.by_organization, other.by_organization),
        )

    def within(self, members: frozenset) -> Tally:
        """The part of this count that comes from ``members``."""
        if self.count and not self.by_organization:
            raise ValueError("This count has no part per organization: build it with tally().")
        kept = tuple((org, value) for org, value in self.by_organization if org in members)
        return Tally(
            sum(value for _org, value in kept),
            frozenset(org for org, value in kept if value),
            kept,
        )


@dataclass(frozen=True)
class Measure:
    """A quantity that is not a count of families (minutes, days), with its contributors.

    ``additive``: False for a median, which cannot be cut by organization nor added up."""

    value: float = 0
    organizations: frozenset = frozenset()
    by_organization: tuple = ()
    additive: bool = True

    def __add__(self, other: Measure) -> Measure:
        return Measure(
            self.value + other.value,
            self.organizations | other.organizations,
            _merge(self.by_organization, other.by_organization),
            self.additive and other.additive,
        )

    def within(self, members: frozenset) -> Measure:
        if self.value and self.additive and not self.by_organization:
            raise ValueError("This quantity has no part per organization: build it with measure().")
        kept = tuple((org, value) for org, value in self.by_organization if org in members)
        return Measure(
            sum(value for _org, value in kept),
            frozenset(org for org, value in kept if value),
            kept,
            self.additive,
        )


@dataclass(frozen=True)
class Indicator:
    label: str
    value: Tally
    kind: str = COUNT  # COUNT, SHARE (value / of) or RATIO (value / per)
    of: Tally | None = None
    per: Measure | None = None
    unit: str = ""  # for RATIO: what "per" means, e.g. "per hour"
    help: str = ""


@dataclass(frozen=True)
class RateColumn:
    label: str
    numerator: int  # index of a count column
    denominator: int  # index of a count column


@dataclass(frozen=True)
class MeasureColumn:
    label: str
    values: Sequence[Measure]  # one per row
    decimals: int = 1


@dataclass(frozen=True)
class RatioColumn:
    label: str
    numerator: int  # index of a count column
    measure: int  # index of a measure column
    decimals: int = 2


@dataclass
class Table:
    caption: str
    row_header: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[Tally]]
    rates: list[RateColumn] = field(default_factory=list)
    measures: list[MeasureColumn] = field(default_factory=list)
    ratios: list[RatioColumn] = field(default_factory=list)
    # False when row totals mean nothing (columns that overlap, such as "reached" and
    # "of which meeting the criteria"): the shell then does not show them.
    row_totals: bool = True
    # False when the rows overlap (one family in several rows): the totals row is hidden.
    column_totals: bool = True
    other_label: str = _("Other (rolled up)")
    note: str = ""


@dataclass(frozen=True)
class Chart:
    title: str
    table: int = 0  # index in QuestionResult.tables
    source: str = COUNT  # COUNT, SHARE (a RateColumn) or RATIO (a RatioColumn)
    column: int = 0  # index among the columns of that source


@dataclass
class QuestionResult:
    number: int
    title: str
    definition: str  # one sentence: what is counted, what is not
    indicators: list[Indicator] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)  # e.g. "No target clientele defined."


@dataclass(frozen=True)
class Question:
    number: int
    title: str
    compute: Callable  # (Scope) -> QuestionResult


# Building tallies from grouped rows ---------------------------------------------------


def tally(groups: Iterable[Mapping], column: str, organization: str = "organization_id") -> Tally:
    """Sum ``column`` over rows grouped by organization (``.values(ORGANIZATION)``)."""
    by_organization: dict = {}
    for group in groups:
        value = group[column] or 0
        if value:
            key = group[organization]
            by_organization[key] = by_organization.get(key, 0) + value
    return Tally(
        sum(by_organization.values()),
        frozenset(by_organization),
        tuple(sorted(by_organization.items())),
    )


def measure(groups: Iterable[Mapping], column: str, organization: str = "organization_id",
            scale: float = 1.0) -> Measure:  # fmt: skip
    """Like ``tally`` for a quantity; ``scale`` converts units (1/60: minutes to hours)."""
    by_organization: dict = {}
    for group in groups:
        value = group[column] or 0
        if value:
            key = group[organization]
            by_organization[key] = by_organization.get(key, 0) + value * scale
    return Measure(
        sum(by_organization.values()),
        frozenset(by_organization),
        tuple(sorted(by_organization.items())),
    )


def tally_grid(
    groups: Iterable[Mapping],
    row_field: str,
    row_keys: Sequence,
    columns: Sequence[str],
    organization: str = "organization_id",
) -> list[list[Tally]]:
    """A grid of tallies: one row per key of ``row_keys`` (in that order), one column per
    annotation name of ``columns``, from rows grouped by (organization, ``row_field``).
    Rows grouped under a key not in ``row_keys`` are ignored."""
    by_row: dict = {key: [] for key in row_keys}
    for group in groups:
        if group[row_field] in by_row:
            by_row[group[row_field]].append(group)
    return [[tally(by_row[key], column, organization) for column in columns] for key in row_keys]


def measure_column(
    groups: Iterable[Mapping],
    row_field: str,
    row_keys: Sequence,
    column: str,
    organization: str = "organization_id",
    scale: float = 1.0,
) -> list[Measure]:
    by_row: dict = {key: [] for key in row_keys}
    for group in groups:
        if group[row_field] in by_row:
            by_row[group[row_field]].append(group)
    return [measure(by_row[key], column, organization, scale) for key in row_keys]
