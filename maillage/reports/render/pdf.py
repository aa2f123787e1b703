"""The report as a PDF, from a print template, by WeasyPrint.

WeasyPrint is imported here, when a PDF is asked for, not when Django starts: it needs
Pango and its friends from the system, and a server without them should still serve every
other page (and the XLSX and DOCX), and answer a PDF request with a page that says why.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from ..data import Report
from . import cover_lines, period_text, shown_tables

STYLESHEET = Path(__file__).with_name("print.css")
PAPER_SIZES = {"letter": "letter", "a4": "A4"}


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs (Pango, HarfBuzz) are missing."""


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: a shared library could not be loaded
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def render_pdf(report: Report, *, paper: str = "letter") -> bytes:
    weasyprint = _weasyprint()
    html = render_to_string(
        "reports/print/participation.html",
        {
            "report": report,
            "tables": shown_tables(report),
            "cover": cover_lines(report),
            "period": period_text(report),
        },
    )
    page_size = weasyprint.CSS(string=f"@page {{ size: {PAPER_SIZES.get(paper, 'letter')}; }}")
    stylesheet = weasyprint.CSS(filename=str(STYLESHEET))
    # The print template loads nothing (charts are inline SVG, fonts the system's). Defence
    # in depth: everything it prints is escaped text, but should a URL ever slip into the
    # HTML, no protocol is allowed, so the server reads no file and calls no host for it.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=frozenset())
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet, page_size])
