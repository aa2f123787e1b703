"""Printing HTML to PDF: the stylesheets apply in order, nothing is fetched, and a server
without WeasyPrint's system libraries gets ``PdfUnavailable`` rather than a crash."""

import sys

import pypdfium2
import pytest

from maillage.lib.pdf import PdfUnavailable, html_to_pdf

HTML = "<p>Bonjour, famille F-7KQ3-M2</p>"
A5 = (420, 595)  # points


def _pages(content: bytes) -> list[tuple[tuple[int, int], str]]:
    document = pypdfium2.PdfDocument(content)
    return [
        (tuple(round(side) for side in page.get_size()), page.get_textpage().get_text_range())
        for page in document
    ]


def test_the_html_is_printed_with_the_files_then_the_css_texts(tmp_path):
    stylesheet = tmp_path / "print.css"
    stylesheet.write_text("@page { size: letter; }")

    [(size, text)] = _pages(html_to_pdf(HTML, [stylesheet], css=["@page { size: A5; }"]))

    assert size == A5  # the text came last, so it won
    assert "Bonjour, famille F-7KQ3-M2" in text


def test_nothing_the_html_names_is_fetched(tmp_path):
    stylesheet = tmp_path / "a5.css"
    stylesheet.write_text("@page { size: A5; }")
    html = f'<link rel="stylesheet" href="{stylesheet.as_uri()}">{HTML}'

    [(size, _text)] = _pages(html_to_pdf(html, []))

    assert size != A5


def test_without_weasyprint_the_caller_gets_pdf_unavailable(monkeypatch):
    # A module set to None in sys.modules fails to import, as WeasyPrint does without Pango.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(PdfUnavailable):
        html_to_pdf(HTML, [])
