"""The report as a PDF, from a print template (``maillage.lib.pdf``: WeasyPrint, imported
only when a PDF is asked for)."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from maillage.lib.pdf import html_to_pdf

from ..data import Report
from . import cover_lines, period_text, shown_tables

STYLESHEET = Path(__file__).with_name("print.css")
PAPER_SIZES = {"letter": "letter", "a4": "A4"}


def render_pdf(report: Report, *, paper: str = "letter") -> bytes:
    html = render_to_string(
        "reports/print/participation.html",
        {
            "report": report,
            "tables": shown_tables(report),
            "cover": cover_lines(report),
            "period": period_text(report),
        },
    )
    page_size = f"@page {{ size: {PAPER_SIZES.get(paper, 'letter')}; }}"
    return html_to_pdf(html, [STYLESHEET], css=[page_size])
