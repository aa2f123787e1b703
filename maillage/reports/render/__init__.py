"""Renderers of the participation report: PDF, XLSX and DOCX, from one ``Report``.

``shown_tables`` gives the texts the PDF, the DOCX and the web preview print (localized
numbers, "—" for a value that cannot be computed); the XLSX keeps the raw numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from maillage.lib.svg import Drawing

from ..charts import bar_chart
from ..data import Report, Table

#: The formats offered, with their content type.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
MISSING = "—"


def cell_text(value) -> str:
    if value is None:
        return MISSING
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=1)
    if isinstance(value, int):
        return formats.number_format(value)
    return str(value)


@dataclass
class ShownTable:
    table: Table
    rows: list[list[str]]
    total: list[str] | None
    chart: Drawing | None

    @property
    def title(self):
        return self.table.title

    @property
    def headers(self):
        return self.table.headers

    @property
    def note(self):
        return self.table.note

    @property
    def label_columns(self):
        return self.table.label_columns

    @property
    def key(self):
        return self.table.key


def _chart(table: Table):
    if table.chart is None:
        return None
    unit = f"\u00a0{table.chart.unit}" if table.chart.unit else ""
    texts = [cell_text(value) + unit for value in table.chart.values]
    return bar_chart(table.key, table.title, table.chart.labels, table.chart.values, texts)


def shown_tables(report: Report) -> list[ShownTable]:
    return [
        ShownTable(
            table=table,
            rows=[[cell_text(value) for value in row] for row in table.rows],
            total=[cell_text(value) for value in table.total] if table.total else None,
            chart=_chart(table),
        )
        for table in report.tables
    ]


def period_text(report: Report) -> str:
    return _("From %(start)s to %(end)s") % {
        "start": report.period.start.isoformat(),
        "end": report.period.end.isoformat(),
    }


def language_name(report: Report) -> str:
    names = {code.split("-")[0]: name for code, name in settings.LANGUAGES}
    return str(names.get(report.language.split("-")[0], report.language))


def cover_lines(report: Report) -> list[tuple[str, str]]:
    """What signs the report: whose it is, for which period, when it was produced."""
    return [
        (_("Organization"), report.organization),
        (_("Period"), period_text(report)),
        (_("Produced on"), report.produced_on.isoformat()),
        (_("Language"), language_name(report)),
    ]
