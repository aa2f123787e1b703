"""The manager's path in a real browser: the report page on a phone and a desktop (axe
clean), then the three downloads; the PDF's first page is drawn to a PNG kept with the
screenshots in test-artifacts/."""

import io

import openpyxl
import pypdfium2
import pytest
from docx import Document

from maillage.testing import builders
from maillage.testing.browser import DESKTOP, SCREENSHOTS, log_in, open_menu

from .builders import make_quarter

pytestmark = pytest.mark.browser


def _download(page, fmt):
    with page.expect_download() as info:
        page.click(f"a[href^='/rapports/participation/{fmt}/']")
    download = info.value
    with open(download.path(), "rb") as file:
        return download.suggested_filename, file.read()


def test_a_manager_previews_the_report_and_downloads_the_three_formats(
    page, live_server, shot, axe, org, ptp, pg
):
    quarter = make_quarter(org, ptp)
    log_in(page, live_server, pg, totp_code=builders.current_totp_code())
    open_menu(page)
    page.click("nav a[href='/rapports/participation/']")
    page.wait_for_url("**/rapports/participation/")
    # Choose the first quarter of 2026 in the form, as a person would.
    page.select_option("select[name=kind]", "quarter")
    page.fill("input[name=year]", "2026")
    page.select_option("select[name=quarter]", "1")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/rapports/participation/?kind=quarter*")
    assert "year=2026" in page.url and "quarter=1" in page.url
    main = page.inner_text("main")
    assert "Maison des familles Test" in main
    assert "2026-01-01" in main and "2026-03-31" in main
    for family in quarter.families.values():
        assert family.code not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot("1-phone")
    axe(page, "participation report, phone")

    page.set_viewport_size(DESKTOP)
    shot("2-desktop")
    axe(page, "participation report, desktop")

    name, pdf = _download(page, "pdf")
    assert name == "rapport-participation-maison-des-familles-test-2026-01-01_2026-03-31.pdf"
    document = pypdfium2.PdfDocument(pdf)
    first = document[0]
    text = first.get_textpage().get_text_range()
    assert "Maison des familles Test" in text
    assert "2026-01-01" in text and "2026-03-31" in text
    image = first.render(scale=1.5).to_pil()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SCREENSHOTS / "test_a_manager_previews_the_report-3-pdf-page-1.png")
    assert image.size == (918, 1188)  # Letter, 612 × 792 points at 1.5
    # Not a blank page: the dark pixels of the title, the tables and the bars.
    assert image.convert("L").getextrema()[0] < 80

    name, xlsx = _download(page, "xlsx")
    assert name.endswith("2026-01-01_2026-03-31.xlsx")
    cover = openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets[0]
    cover_values = {cell for row in cover.iter_rows(values_only=True) for cell in row}
    assert "Maison des familles Test" in cover_values

    name, docx = _download(page, "docx")
    assert name.endswith("2026-01-01_2026-03-31.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "Maison des familles Test" in text and "2026-01-01" in text
