"""What a question's result looks like on the screen, and what may be shown at all.

The one place where raw numbers become text. For a PG's own organization the numbers are
shown as they are. Across organizations (the évaluateur) the question is computed once for
the whole province, each count carrying every organization's part, and ``Published`` cuts
out the breakdown asked for (a milieu, a region) and publishes it with
``maillage.lib.disclosure``, together with every other breakdown offered, so that
subtracting one from another gives nothing away:

* a table's count columns through ``publish_breakdowns`` (rows of fewer than three
  organizations rolled up into "Other", then every count from 1 to 4, from fewer than
  three organizations, or that would let one be worked out, shown "x"), with a note that
  says why;
* a share only when its numerator, its denominator and the rest are publishable counts,
  in the breakdown and in each of its atoms (otherwise the share would give one back);
* a quantity that is not a count (hours) only when at least three organizations
  contributed to it in each atom, a median for the province only, and a ratio (families
  per hour) only when its count is published;
* a headline count as a one-cell table would be, in each atom;
* a breakdown that is not published (fewer than three organizations, or one that
  subtracting would isolate) shows no number at all, and says so.

A chart draws the *published* column, so it never shows what the table hides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from maillage.lib import disclosure

from . import charts
from .questions.base import COUNT, RATIO, SHARE, Measure, QuestionResult, Table, Tally

NOT_APPLICABLE = "—"


@dataclass
class Row:
    label: str
    values: list[str]
    is_total: bool = False


@dataclass
class ShownTable:
    caption: str
    row_header: str
    headers: list[str]
    rows: list[Row]
    totals: Row | None
    note: str = ""
    # The numbers behind each derived column, for the chart (None: not shown).
    series: dict = field(default_factory=dict)


@dataclass
class ShownIndicator:
    label: str
    text: str
    help: str = ""


def percent(value: float | None) -> str:
    if value is None:
        return NOT_APPLICABLE
    return _("%(value)s%%") % {"value": number_format(round(value * 100), 0)}


def decimal(value: float | None, decimals: int) -> str:
    if value is None:
        return NOT_APPLICABLE
    return number_format(round(value, decimals), decimals)


def _share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass
class Grid:
    """A table's counts as they may be shown: rows (after any roll-up), cells and margins
    (numbers, or markers across organizations), the measures of each shown row, and the
    original rows each shown row stands for (to derive its shares)."""

    labels: list[str]
    cells: list[list]
    row_totals: list
    column_totals: list
    total: object
    measures: list[list[Measure]]  # per measure column, one per shown row
    sources: list[list[int]]
    withheld: bool = False  # across organizations: a breakdown that shows no number


# Exact numbers (the organization's own) ------------------------------------------------


class Exact:
    def count(self, tally: Tally):
        return tally.count

    def share(self, numerator: Tally, denominator: Tally, shown_numerator=None,
              shown_denominator=None) -> float | None:  # fmt: skip
        return _share(numerator.count, denominator.count)

    def measure(self, measure: Measure) -> float | None:
        return measure.value

    def table(self, table: Table) -> Grid:
        cells = [[cell.count for cell in row] for row in table.cells]
        row_totals = [sum(row) for row in cells]
        column_totals = [sum(column) for column in zip(*cells, strict=True)] or [
            0 for _label in table.column_labels
        ]
        return Grid(
            labels=list(table.row_labels),
            cells=cells,
            row_totals=row_totals,
            column_totals=column_totals,
            total=sum(row_totals),
            measures=[list(column.values) for column in table.measures],
            sources=[[index] for index in range(len(table.row_labels))],
        )


# Published numbers (across organizations) --------------------------------------------------


PROVINCE = ""  # the key of the whole population among the évaluateur's breakdowns


class Published:
    """The évaluateur's rules: the numbers of one breakdown (``shown``) among the breakdowns
    published together (``groups``: key -> organization ids, the province under
    ``PROVINCE``), all cut from one computation over the province and protected together
    (``disclosure.publish_breakdowns``), so that subtracting one breakdown's numbers from
    another's gives nothing away. A breakdown not in ``groups`` (too few organizations, or
    one that subtraction would isolate) is withheld: every number hidden.
    """

    # The module, as an attribute: every rule below reads it from one place.
    disclosure = disclosure

    def __init__(self, groups: dict | None = None, shown=PROVINCE):
        # Counts hidden in one table of the page, hidden in the others and in the headline
        # figures too (as their parts, ``disclosure.PublishedTable.hidden_parts``).
        self.forced: frozenset = frozenset()
        self.hidden_seen: set = set()
        self.groups = dict(groups or {})
        self.shown = shown
        self.members = frozenset(self.groups.get(shown, ()))
        self.withheld = (
            shown not in self.groups or len(self.members) < self.disclosure.MIN_ORGANIZATIONS
        )
        self.atoms = [atom for atom in self.disclosure.atoms(self.groups) if atom <= self.members]

    @property
    def is_province(self) -> bool:
        return self.shown == PROVINCE and not self.withheld

    def _cell(self, tally: Tally):
        return self.disclosure.Cell(count=tally.count, organizations=frozenset(tally.organizations))

    def count(self, tally: Tally):
        """A headline count: as a table of one cell would show it, in every atom."""
        parts = [tally.within(atom) for atom in self.atoms]
        if self.withheld or any(self.disclosure.is_sensitive(self._cell(p)) for p in parts):
            return self.disclosure.HIDDEN
        if tally.count and frozenset(_parts(tally).items()) in self.forced:
            return self.disclosure.HIDDEN
        return tally.within(self.members).count

    def share(self, numerator: Tally, denominator: Tally, shown_numerator=None,
              shown_denominator=None) -> float | None:  # fmt: skip
        shown_numerator = self.count(numerator) if shown_numerator is None else shown_numerator
        shown_denominator = (
            self.count(denominator) if shown_denominator is None else shown_denominator
        )
        if not isinstance(shown_numerator, int) or not isinstance(shown_denominator, int):
            return None
        # The share and its denominator give back the numerator and the rest: in every atom
        # too, none of the three may be a count that could not be published.
        for atom in self.atoms:
            part, whole = numerator.within(atom), denominator.within(atom)
            cells = [self._cell(part), self._cell(whole), _rest(part, whole)]
            if any(cell is not None and self.disclosure.is_sensitive(cell) for cell in cells):
                return None
        part, whole = numerator.within(self.members), denominator.within(self.members)
        return self.disclosure.publish_rate(self._cell(part), self._cell(whole), _rest(part, whole))

    def measure(self, measure: Measure) -> float | None:
        minimum = self.disclosure.MIN_ORGANIZATIONS
        if self.withheld:
            return None
        if not measure.additive:
            # A median cannot be cut by breakdown, nor subtracted: the province's only.
            enough = len(measure.organizations) >= minimum
            return measure.value if self.is_province and enough else None
        for atom in self.atoms:
            part = measure.within(atom)
            if part.value and len(part.organizations) < minimum:
                return None
        shown = measure.within(self.members)
        return shown.value if len(shown.organizations) >= minimum else None

    def table(self, table: Table) -> Grid:
        tables = self.disclosure.publish_breakdowns(
            list(table.row_labels),
            list(table.column_labels),
            [[_parts(cell) for cell in row] for row in table.cells],
            self.groups or {PROVINCE: frozenset()},
            other_label=str(table.other_label),
            nested=[(rate.numerator, rate.denominator) for rate in table.rates],
            forced=self.forced,
            # What the page does not show, the reader does not know (``present_table``).
            row_totals=table.row_totals,
            column_totals=table.column_totals,
        )
        for published in tables.values():
            if not published.withheld:
                self.hidden_seen |= published.hidden_parts
        # Withheld: the rows of the province, and no number.
        published = _withheld(next(iter(tables.values()))) if self.withheld else tables[self.shown]
        # Which original rows each published row stands for: kept rows by their label,
        # the rolled-up row for all the others.
        index = {label: position for position, label in enumerate(table.row_labels)}
        kept = {index[label] for label in published.row_labels if label in index}
        sources = []
        for label in published.row_labels:
            if label in index:
                sources.append([index[label]])
            else:
                sources.append([i for i in range(len(table.row_labels)) if i not in kept])
        return Grid(
            labels=list(published.row_labels),
            cells=published.cells,
            row_totals=published.row_totals,
            column_totals=published.column_totals,
            total=published.total,
            measures=[
                [sum((column.values[i] for i in rows), Measure()) for rows in sources]
                for column in table.measures
            ],
            sources=sources,
            withheld=published.withheld,
        )


def _parts(tally: Tally) -> dict:
    if tally.count and not tally.by_organization:
        raise ValueError("This count has no part per organization: build it with tally().")
    return dict(tally.by_organization)


def _rest(part: Tally, whole: Tally):
    """The whole less the part, organization by organization, when the part is in the whole."""
    parts = dict(part.by_organization)
    rest = {org: value - parts.get(org, 0) for org, value in whole.by_organization}
    if any(value < 0 for value in rest.values()) or set(parts) - set(rest):
        return None
    kept = {org: value for org, value in rest.items() if value}
    return disclosure.Cell(sum(kept.values()), frozenset(kept))


def _withheld(published):
    def hide(values):
        return [disclosure.HIDDEN for _value in values]

    return disclosure.PublishedTable(
        row_labels=published.row_labels,
        column_labels=published.column_labels,
        cells=[hide(row) for row in published.cells],
        row_totals=hide(published.row_totals),
        column_totals=hide(published.column_totals),
        total=disclosure.HIDDEN,
        withheld=True,
    )


def _text(value) -> str:
    if isinstance(value, int):
        return number_format(value, 0, force_grouping=True)
    return str(value)


def _merged(table: Table, rows: list[int], column: int) -> Tally:
    return sum((table.cells[i][column] for i in rows), Tally())


WITHHELD = gettext_lazy(
    "This breakdown holds fewer than three organizations, or its numbers could be worked out "
    "by subtracting other breakdowns: none of them is shown."
)
HIDDEN_NOTE = gettext_lazy(
    "“x”: not shown, because it comes from fewer than three organizations, because it is "
    "from 1 to 4, or because it would let such a number be worked out from the others."
)


def _why(table: Table, grid: Grid) -> str:
    """The table's note, and across organizations why numbers are missing, in words."""
    notes = [str(table.note)] if table.note else []
    if grid.withheld:
        notes.append(gettext(WITHHELD))
    else:
        values = [*grid.row_totals, *grid.column_totals, grid.total]
        values += [value for row in grid.cells for value in row]
        if disclosure.HIDDEN in values:
            notes.append(gettext(HIDDEN_NOTE))
    return " ".join(notes)


def present_table(table: Table, rules) -> ShownTable:
    grid = rules.table(table)
    labels, measures, sources = grid.labels, grid.measures, grid.sources
    headers = list(table.column_labels)
    if table.row_totals:
        headers.append(_("Total"))
    headers += [str(column.label) for column in table.measures]
    headers += [str(column.label) for column in table.ratios]
    headers += [str(column.label) for column in table.rates]
    series = {}
    rows = []
    for position, label in enumerate(labels):
        counts = grid.cells[position]
        values = [_text(value) for value in counts]
        if table.row_totals:
            values.append(_text(grid.row_totals[position]))
        shown_measures = [rules.measure(column[position]) for column in measures]
        values += [
            decimal(value, column.decimals)
            for value, column in zip(shown_measures, table.measures, strict=True)
        ]
        for number, ratio in enumerate(table.ratios):
            count = counts[ratio.numerator]
            per = shown_measures[ratio.measure]
            value = count / per if isinstance(count, int) and per else None
            series.setdefault((RATIO, number), []).append(value)
            values.append(decimal(value, ratio.decimals))
        for number, rate in enumerate(table.rates):
            value = rules.share(
                _merged(table, sources[position], rate.numerator),
                _merged(table, sources[position], rate.denominator),
                counts[rate.numerator],
                counts[rate.denominator],
            )
            series.setdefault((SHARE, number), []).append(value)
            values.append(percent(value))
        for number in range(len(table.column_labels)):
            value = counts[number]
            series.setdefault((COUNT, number), []).append(value)
        rows.append(Row(str(label), values))
    totals = None
    if labels and table.column_totals:
        values = [_text(value) for value in grid.column_totals]
        if table.row_totals:
            values.append(_text(grid.total))
        every_row = list(range(len(table.row_labels)))
        total_measures = [rules.measure(sum(column.values, Measure())) for column in table.measures]
        values += [
            decimal(value, column.decimals)
            for value, column in zip(total_measures, table.measures, strict=True)
        ]
        for ratio in table.ratios:
            count = grid.column_totals[ratio.numerator]
            per = total_measures[ratio.measure]
            values.append(
                decimal(count / per if isinstance(count, int) and per else None, ratio.decimals)
            )
        for rate in table.rates:
            values.append(
                percent(
                    rules.share(
                        _merged(table, every_row, rate.numerator),
                        _merged(table, every_row, rate.denominator),
                        grid.column_totals[rate.numerator],
                        grid.column_totals[rate.denominator],
                    )
                )
            )
        totals = Row(_("Total"), values, is_total=True)
    return ShownTable(
        caption=str(table.caption),
        row_header=str(table.row_header),
        headers=[str(header) for header in headers],
        rows=rows,
        totals=totals,
        note=_why(table, grid),
        series=series,
    )


def present_indicator(indicator, rules) -> ShownIndicator:
    if indicator.kind == SHARE:
        text = percent(rules.share(indicator.value, indicator.of))
    elif indicator.kind == RATIO:
        count = rules.count(indicator.value)
        per = rules.measure(indicator.per)
        value = count / per if isinstance(count, int) and per else None
        text = decimal(value, 2)
        if value is not None and indicator.unit:
            text = _("%(value)s %(unit)s") % {"value": text, "unit": indicator.unit}
    else:
        text = _text(rules.count(indicator.value))
    return ShownIndicator(str(indicator.label), text, str(indicator.help))


def present_chart(result: QuestionResult, tables: list[ShownTable]):
    spec = result.chart
    if spec is None or spec.table >= len(tables):
        return None
    shown = tables[spec.table]
    values = shown.series.get((spec.source, spec.column), [])
    bars = []
    for row, value in zip(shown.rows, values, strict=False):
        if spec.source == SHARE:
            bars.append((row.label, value, percent(value)))
        elif spec.source == RATIO:
            bars.append((row.label, value, decimal(value, 2)))
        else:
            drawn = value if isinstance(value, int) else None
            bars.append((row.label, drawn, _text(value)))
    return charts.bar_chart(str(spec.title), bars)


def present(result: QuestionResult, *, across: bool, rules=None) -> dict:
    """The template context of a question's answer. Across organizations, ``rules`` is the
    ``Published`` of the breakdown shown (by default the province alone)."""
    if rules is None:
        rules = Exact() if not across else Published(_population(result), PROVINCE)
    if isinstance(rules, Published):
        rules.forced, rules.hidden_seen = frozenset(), set()
    tables = [present_table(table, rules) for table in result.tables]
    # A count hidden in one table is hidden wherever it appears again on the page; hiding
    # it may hide more, so until nothing new is hidden (a few rounds: entries only grow).
    while isinstance(rules, Published) and not rules.hidden_seen <= rules.forced:
        rules.forced = frozenset(rules.forced | rules.hidden_seen)
        rules.hidden_seen = set()
        tables = [present_table(table, rules) for table in result.tables]
    return {
        "result": result,
        "indicators": [present_indicator(indicator, rules) for indicator in result.indicators],
        "tables": tables,
        "chart": present_chart(result, tables),
    }


def _population(result: QuestionResult) -> dict:
    """The organizations a result counts, as the only breakdown (no filter)."""
    organizations = set()
    for table in result.tables:
        for row in table.cells:
            for cell in row:
                organizations.update(org for org, _value in cell.by_organization)
    for indicator in result.indicators:
        for tally in (indicator.value, indicator.of):
            if tally is not None:
                organizations.update(org for org, _value in tally.by_organization)
    return {PROVINCE: frozenset(organizations)}
