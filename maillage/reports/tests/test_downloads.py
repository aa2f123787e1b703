"""Downloading the participation report through HTTP, in each format, as a manager."""

import datetime
import io
import sys

import openpyxl
import pypdfium2
import pytest
from django.conf import settings
from django.urls import reverse
from docx import Document

from maillage.audit.models import AuditEvent
from maillage.organizations.models import Organization
from maillage.outreach.models import OutreachActivity, Strategy

from .builders import make_quarter

QUARTER_QUERY = {"kind": "quarter", "year": "2026", "quarter": "1"}
FILENAME = "rapport-participation-maison-des-familles-test-2026-01-01_2026-03-31"


@pytest.fixture
def quarter(org, ptp):
    return make_quarter(org, ptp)


def download(client, fmt, query=QUARTER_QUERY):
    return client.get(reverse(f"reports:participation_{fmt}"), query)


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def test_the_pdf_names_the_organization_and_the_period(pg_client, org, quarter):
    response = download(pg_client, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{FILENAME}.pdf"'
    text = pdf_text(response.content)
    assert "Maison des familles Test" in text
    assert "2026-01-01" in text and "2026-03-31" in text


def test_the_pdf_is_in_french_by_default_and_in_english_after_the_switch(pg_client, quarter):
    french = pdf_text(download(pg_client, "pdf").content)
    english = pdf_text(download(in_english(pg_client), "pdf").content)
    assert "Rapport de participation" in french and "Organisme" in french
    assert "Participation report" in english and "Organization" in english
    assert "Rapport de participation" not in english
    # Numbers follow the language too: the uptake rate of the quarter is 50 %.
    assert "50,0" in french and "50.0" in english


def test_the_pdf_may_be_printed_on_a4_or_letter(pg_client, quarter):
    def first_page_size(paper):
        content = download(pg_client, "pdf", QUARTER_QUERY | {"paper": paper}).content
        width, height = pypdfium2.PdfDocument(content)[0].get_size()
        return round(width), round(height)

    assert first_page_size("letter") == (612, 792)  # 8.5 × 11 in, in points
    assert first_page_size("a4") == (595, 842)  # 210 × 297 mm


def test_file_names_are_ascii_whatever_the_organization_is_called(pg_client, org, quarter):
    Organization.objects.filter(pk=org.pk).update(name="Maison de l’Érable · Ça bouge!")
    response = download(pg_client, "docx")
    assert response["Content-Disposition"] == (
        'attachment; filename="rapport-participation-maison-de-lerable-ca-bouge-'
        '2026-01-01_2026-03-31.docx"'
    )


def test_the_workbook_has_a_cover_and_one_sheet_per_table(pg_client, quarter):
    response = download(in_english(pg_client), "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{FILENAME}.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cover = workbook.worksheets[0]
    lines = {row[0]: row[1] for row in cover.iter_rows(min_row=3, max_row=6, values_only=True)}
    assert lines == {
        "Organization": "Maison des familles Test",
        "Period": "From 2026-01-01 to 2026-03-31",
        "Produced on": lines["Produced on"],
        "Language": "English",
    }
    titles = [sheet["A1"].value for sheet in workbook.worksheets[1:]]
    assert titles[:3] == [
        "Families reached",
        "Members of the families reached, by age",
        "Outreach activities by strategy",
    ]
    assert len(titles) == 11
    families = workbook.worksheets[1]
    assert list(families.iter_rows(min_row=4, values_only=True))[:4] == [
        ("Families", "Number"),
        ("New families", 2),
        ("Families already known", 2),
        ("Families reached", 4),
    ]


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralized(pg_client, org, quarter):
    Organization.objects.filter(pk=org.pk).update(name='=HYPERLINK("http://x","y")')
    response = download(in_english(pg_client), "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    assert '\'=HYPERLINK("http://x","y")' in values
    assert "'=Marché public" in values  # the strategy the workers named
    assert "=Marché public" not in values


def test_every_formula_trigger_is_neutralized(pg_client, org, pg, quarter):
    names = ["+SUM(A1:A9)", "-2+3", "@SUM(1)", "\tcmd", "\rcmd"]
    for name in names:
        OutreachActivity.objects.create(
            organization=org,
            worker=pg,
            # Created directly: the form strips what the history import may bring.
            strategy=Strategy.objects.create(organization=org, custom_name=name),
            date=datetime.date(2026, 2, 1),
            people_met=1,
        )
    workbook = openpyxl.load_workbook(io.BytesIO(download(in_english(pg_client), "xlsx").content))
    sheet = workbook.worksheets[3]
    assert sheet["A1"].value == "Outreach activities by strategy"
    strategies = {row[0] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert {f"'{name}" for name in names} <= strategies
    assert not set(names) & strategies


def test_the_word_document_has_headings_and_real_tables(pg_client, quarter):
    response = download(in_english(pg_client), "docx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{FILENAME}.docx"'
    document = Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Organization: Maison des familles Test" in text
    assert "Period: From 2026-01-01 to 2026-03-31" in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Families reached" and len(headings) == 11
    assert len(document.tables) == 11
    assert [cell.text for cell in document.tables[0].rows[-1].cells] == ["Families reached", "4"]


def test_each_download_is_audited_with_its_format(pg_client, org, pg, quarter):
    for fmt in ("pdf", "xlsx", "docx"):
        download(pg_client, fmt)
    events = AuditEvent.objects.for_org(org).filter(action__startswith="report.")
    assert sorted(events.values_list("action", flat=True)) == [
        "report.participation.docx.downloaded",
        "report.participation.pdf.downloaded",
        "report.participation.xlsx.downloaded",
    ]
    assert {event.actor_id for event in events} == {pg.pk}


def test_a_download_with_a_wrong_period_goes_back_to_the_form(pg_client, org, quarter):
    query = {"kind": "custom", "start": "2026-03-31", "end": "2026-01-01"}
    response = download(pg_client, "xlsx", query)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reports:participation") + "?")
    assert not AuditEvent.objects.for_org(org).filter(action__startswith="report.").exists()


def test_without_pango_the_pdf_is_refused_with_a_clear_page(pg_client, org, quarter, monkeypatch):
    # A module set to None in sys.modules fails to import, as WeasyPrint does without Pango.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    response = download(in_english(pg_client), "pdf")
    assert response.status_code == 503
    assert "The PDF cannot be produced on this server" in response.content.decode()
    assert reverse("reports:participation_xlsx") in response.content.decode()
    assert not AuditEvent.objects.for_org(org).filter(action__startswith="report.").exists()


def test_the_outsider_downloads_her_own_organization_never_ours(outsider_client, quarter):
    response = download(in_english(outsider_client), "xlsx")
    assert response.status_code == 200
    assert "carrefour-autre" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    values = {c for s in workbook.worksheets for row in s.iter_rows(values_only=True) for c in row}
    assert "Carrefour Autre" in values
    assert "Maison des familles Test" not in values
    families = workbook.worksheets[1]
    assert families["B7"].value == 0  # none of ours reached


@pytest.mark.parametrize("persona", ["ptp_client", "evaluator_client", "admin_client"])
def test_other_roles_may_not_download(persona, request, quarter):
    assert download(request.getfixturevalue(persona), "pdf").status_code == 403


def test_the_paper_chosen_holds_for_the_default_period_too(pg_client, quarter):
    # No period in the query: the last full quarter, on the paper asked for.
    page = pg_client.get(reverse("reports:participation"), {"paper": "a4"})
    assert "paper=a4" in page.context["query"]
    content = download(pg_client, "pdf", {"paper": "a4"}).content
    assert [round(side) for side in pypdfium2.PdfDocument(content)[0].get_size()] == [595, 842]
