"""HTML printed to PDF by WeasyPrint, for the documents Maillage hands over.

WeasyPrint is imported here, when a PDF is asked for, not when Django starts: it needs
Pango and its friends from the system, and a server without them should still serve every
other page (and the other formats), and answer a PDF request with a page that says why:
``html_to_pdf`` raises ``PdfUnavailable`` for the view to catch.

The documents load nothing (charts are inline SVG, fonts the system's). Defence in depth:
everything they print is escaped text, but should a URL ever slip into the HTML, no protocol
is allowed, so the server reads no file and calls no host for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs (Pango, HarfBuzz) are missing."""


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: a shared library could not be loaded
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def html_to_pdf(html: str, stylesheets: Iterable[Path], *, css: Iterable[str] = ()) -> bytes:
    """``html`` as a PDF, styled by the ``stylesheets`` files then the ``css`` texts."""
    weasyprint = _weasyprint()
    sheets = [weasyprint.CSS(filename=str(path)) for path in stylesheets]
    sheets += [weasyprint.CSS(string=text) for text in css]
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=frozenset())
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=sheets)
