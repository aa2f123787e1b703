"""The report as an editable Word document: headings and real tables, for the organization
to add its own words before sending it."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document

from ..data import Report
from . import cover_lines, shown_tables


def render_docx(report: Report) -> bytes:
    document = Document()
    properties = document.core_properties
    properties.title = _("Participation report")
    properties.author = report.organization
    properties.language = report.language
    document.add_heading(_("Participation report"), level=0)
    for label, value in cover_lines(report):
        paragraph = document.add_paragraph()
        separator = "\u00a0: " if report.language.startswith("fr") else ": "
        paragraph.add_run(label + separator).bold = True
        paragraph.add_run(value)
    for shown in shown_tables(report):
        document.add_heading(shown.title, level=1)
        rows = shown.rows + ([shown.total] if shown.total else [])
        if not shown.rows:
            document.add_paragraph(_("Nothing recorded in this period."))
        table = document.add_table(rows=1 + len(rows), cols=len(shown.headers))
        table.style = "Table Grid"
        for column, header in enumerate(shown.headers):
            cell = table.cell(0, column)
            cell.text = ""
            cell.paragraphs[0].add_run(header).bold = True
        for row_index, row in enumerate(rows, start=1):
            is_total = shown.total is not None and row_index == len(rows)
            for column, text in enumerate(row):
                cell = table.cell(row_index, column)
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = is_total
        if shown.note:
            document.add_paragraph().add_run(shown.note).italic = True
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
