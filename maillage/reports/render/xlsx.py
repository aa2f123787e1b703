"""The report as a workbook: a cover sheet, then one sheet per table, numbers kept as numbers."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from maillage.lib.spreadsheet import neutralize

from ..data import Report
from . import cover_lines

SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
BOLD = Font(bold=True)


def _sheet_name(title: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of ``[]:*?/\\``, unique in the workbook."""
    # A title cut at 31 characters should not end on a comma or a space.
    base = SHEET_NAME_FORBIDDEN.sub(" ", title).strip()[:31].rstrip(" ,;:-–") or "Table"
    name, number = base, 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.casefold())
    return name


def _write_row(sheet, row_number, values, *, bold=False):
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row_number, column=column, value=neutralize(value))
        if isinstance(value, Decimal):
            cell.number_format = "0.0"
        if bold:
            cell.font = BOLD


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    cover = workbook.active
    taken: set[str] = set()
    cover.title = _sheet_name(_("Report"), taken)
    _write_row(cover, 1, [_("Participation report")], bold=True)
    for offset, (label, value) in enumerate(cover_lines(report), start=3):
        _write_row(cover, offset, [label, value])
    first_list_row = len(cover_lines(report)) + 4
    _write_row(cover, first_list_row, [_("Tables")], bold=True)
    for offset, table in enumerate(report.tables, start=first_list_row + 1):
        _write_row(cover, offset, [table.title])
    cover.column_dimensions["A"].width = 28
    cover.column_dimensions["B"].width = 60

    for table in report.tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, taken))
        _write_row(sheet, 1, [table.title], bold=True)
        _write_row(sheet, 2, [report.organization, _period_cell(report)])
        _write_row(sheet, 4, table.headers, bold=True)
        row_number = 5
        for row in table.rows:
            _write_row(sheet, row_number, row)
            row_number += 1
        if not table.rows:
            _write_row(sheet, row_number, [_("Nothing recorded in this period.")])
            row_number += 1
        if table.total:
            _write_row(sheet, row_number, table.total, bold=True)
            row_number += 1
        if table.note:
            _write_row(sheet, row_number + 1, [table.note])
        sheet.column_dimensions["A"].width = 48
        for letter in "BCDE":
            sheet.column_dimensions[letter].width = 18
        sheet.freeze_panes = "A5"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _period_cell(report: Report) -> str:
    return f"{report.period.start.isoformat()} – {report.period.end.isoformat()}"
