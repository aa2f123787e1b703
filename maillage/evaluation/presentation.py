"""What a question's result looks like on the screen, and what may be shown at all.

The one place where raw numbers become text. For a PG's own organization the numbers are
shown as they are. Across organizations (the évaluateur) every count goes through
``maillage.lib.disclosure``:

* a table's count columns through ``publish`` (rows of fewer than three organizations
  rolled up into "Other", counts from 1 to 4 shown "< 5", complementary suppression "x");
* a share through ``publish_rate``, and only when its numerator and denominator are both
  published as numbers (otherwise the share would give back a hidden count);
* a quantity that is not a count (hours) only when at least three organizations
  contributed to it, and a ratio (families per hour) only when its count is published;
* a headline count as a one-cell table would be: 0, or at least five with at least three
  organizations.

A chart draws the *published* column, so it never shows what the table hides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format
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


class Published:
    # The module, as an attribute: every rule below reads it from one place.
    disclosure = disclosure

    def _cell(self, tally: Tally):
        return self.disclosure.Cell(count=tally.count, organizations=frozenset(tally.organizations))

    def count(self, tally: Tally):
        return self.disclosure.publish_count(self._cell(tally))

    def share(self, numerator: Tally, denominator: Tally, shown_numerator=None,
              shown_denominator=None) -> float | None:  # fmt: skip
        shown_numerator = self.count(numerator) if shown_numerator is None else shown_numerator
        shown_denominator = (
            self.count(denominator) if shown_denominator is None else shown_denominator
        )
        if not isinstance(shown_numerator, int) or not isinstance(shown_denominator, int):
            return None
        return self.disclosure.publish_rate(self._cell(numerator), self._cell(denominator))

    def measure(self, measure: Measure) -> float | None:
        if len(measure.organizations) < self.disclosure.MIN_ORGANIZATIONS:
            return None
        return measure.value

    def table(self, table: Table) -> Grid:
        published = self.disclosure.publish(
            list(table.row_labels),
            list(table.column_labels),
            [[self._cell(cell) for cell in row] for row in table.cells],
            other_label=str(table.other_label),
        )
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
        )


def _text(value) -> str:
    if isinstance(value, int):
        return number_format(value, 0, force_grouping=True)
    return str(value)


def _merged(table: Table, rows: list[int], column: int) -> Tally:
    return sum((table.cells[i][column] for i in rows), Tally())


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
        note=str(table.note),
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


def present(result: QuestionResult, *, across: bool) -> dict:
    """The template context of a question's answer."""
    rules = Published() if across else Exact()
    tables = [present_table(table, rules) for table in result.tables]
    return {
        "result": result,
        "indicators": [present_indicator(indicator, rules) for indicator in result.indicators],
        "tables": tables,
        "chart": present_chart(result, tables),
    }
