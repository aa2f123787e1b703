"""The answer to an access or portability request, downloaded by the manager: JSON that
validates against the shipped schema, CSV files with inert formulas, a PDF in the family's
language; third parties redacted by default; every download audited."""

import codecs
import csv
import io
import json
import sys
import zipfile

import pypdfium2
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from maillage.audit.models import AuditEvent
from maillage.rights import export
from maillage.testing.builders import make_family
from maillage.testing.builders.accompaniment import make_contact, make_priority

from .builders import make_disclosure, make_request
from .conftest import in_english
from .schema_check import errors

SCHEMA = json.loads(export.SCHEMA_PATH.read_text())


@pytest.fixture
def access_request(family, pg):
    return make_request(family, pg)


def download(client, access_request, fmt, **options):
    url = reverse(f"rights:answer_{fmt}", args=[access_request.uuid])
    return client.get(url, {name: "on" for name, on in options.items() if on})


def answer_json(client, access_request, **options) -> dict:
    response = download(client, access_request, "json", **options)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_the_json_answer_validates_against_the_shipped_schema(pg_client, family, pg, ptp):
    make_priority(family, "Trouver une halte-garderie")
    make_contact(family, ptp, note="Parle d'un voisin inquiétant.")
    make_disclosure(family, pg, legal_basis="court")
    access_request = make_request(family, pg)
    for options in ({}, {"include_notes": True, "include_dpj": True}):
        data = answer_json(pg_client, access_request, **options)
        assert errors(data, SCHEMA) == []
        assert data["family_code"] == family.code


def test_the_schema_checker_catches_a_field_the_schema_does_not_describe(pg_client, access_request):
    data = answer_json(pg_client, access_request)
    data["sections"]["members"][0]["first_name"] = "Amina"
    data["request"]["received_on"] = "12 mars"
    found = errors(data, SCHEMA)
    assert any("first_name is not described" in e for e in found)
    assert any("received_on" in e and "does not match" in e for e in found)


def test_other_adults_appear_by_role_and_age_band_only(pg_client, access_request):
    members = answer_json(pg_client, access_request)["sections"]["members"]
    adults = [m for m in members if m["details_withheld"]]
    child = next(m for m in members if not m["details_withheld"])
    assert len(adults) == 2
    assert all(m["birth_year"] is None and m["birth_month"] is None for m in adults)
    assert all(m["age_band"] for m in adults)
    assert (child["birth_year"], child["birth_month"]) == (2024, 2)


def test_notes_are_left_out_unless_the_manager_includes_them(pg_client, family, ptp, pg):
    make_contact(family, ptp, note="Rencontre au parc, la mère semble épuisée.")
    access_request = make_request(family, pg)

    by_default = answer_json(pg_client, access_request)
    assert by_default["sections"]["notes"] == []
    assert by_default["withheld"]["notes"] == 1

    included = answer_json(pg_client, access_request, include_notes=True)
    assert [n["note"] for n in included["sections"]["notes"]] == [
        "Rencontre au parc, la mère semble épuisée."
    ]
    assert included["withheld"]["notes"] == 0


def test_a_report_to_the_dpj_is_left_out_by_default_and_not_even_counted(pg_client, family, pg):
    make_disclosure(family, pg, legal_basis="dpj", recipient="DPJ de Lanaudière")
    make_disclosure(family, pg, legal_basis="court", recipient="Cour du Québec")
    access_request = make_request(family, pg)

    data = answer_json(pg_client, access_request)
    assert [d["recipient"] for d in data["sections"]["disclosures"]] == ["Cour du Québec"]
    assert "DPJ" not in json.dumps(data)

    included = answer_json(pg_client, access_request, include_dpj=True)
    assert {d["recipient"] for d in included["sections"]["disclosures"]} == {
        "DPJ de Lanaudière",
        "Cour du Québec",
    }


def test_only_what_was_collected_from_the_person_is_in_the_family_section(
    pg_client, access_request
):
    row = answer_json(pg_client, access_request)["sections"]["family"][0]
    assert row["languages"] == "français, arabe"
    # Observations of the worker (isolation, context factors) are not in the answer.
    assert "isolation" not in row and "context_factors" not in row
    assert not {"nickname", "phone", "address"} & row.keys()  # the org records no identity


def test_identity_is_in_the_answer_only_where_the_organization_records_it(org, pg_client, pg, ptp):
    org.identity_enabled = True
    org.save(update_fields=["identity_enabled"])
    family = make_family(org, ptp, nickname="Amina", phone="450 555-0101")
    data = answer_json(pg_client, make_request(family, pg))
    assert data["sections"]["family"][0]["nickname"] == "Amina"
    assert data["sections"]["family"][0]["phone"] == "450 555-0101"
    assert data["withheld"]["identity"] is False


def test_labels_and_choices_are_in_the_family_language(pg_client, family, pg):
    french = answer_json(pg_client, make_request(family, pg, language="fr"))
    english = answer_json(pg_client, make_request(family, pg, language="en"))
    with translation.override("fr"):
        expected_fr = str(family.consents.get().get_purpose_display())
    with translation.override("en"):
        expected_en = str(family.consents.get().get_purpose_display())
    assert french["sections"]["consents"][0]["purpose"] == expected_fr
    assert english["sections"]["consents"][0]["purpose"] == expected_en
    assert (french["language"], english["language"]) == ("fr", "en")


def test_csv_answer_has_one_file_per_section_and_inert_formulas(org, pg_client, pg, ptp):
    family = make_family(org, ptp, languages='=HYPERLINK("http://x.example","clic")')
    response = download(pg_client, make_request(family, pg), "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    sections = {f"{key}.csv" for key in SCHEMA["properties"]["sections"]["required"]}
    assert sections | {"family-file.schema.json"} == names
    content = archive.read("family.csv")
    assert content.startswith(codecs.BOM_UTF8)  # Excel reads the accents as UTF-8
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0]["languages"] == '\'=HYPERLINK("http://x.example","clic")'


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def test_the_pdf_letter_names_the_family_code_in_the_family_language(pg_client, family, pg):
    response = download(pg_client, make_request(family, pg, language="en"), "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(f'attachment; filename="file-{family.code}')
    text = pdf_text(response.content)
    assert f"Your file ({family.code})" in text
    assert "français, arabe" in text
    assert "For the other adults of the household, we give only their role and age group." in (
        " ".join(text.split())
    )


def test_without_pango_the_pdf_is_refused_with_a_clear_page(
    pg_client, access_request, org, monkeypatch
):
    # A module set to None in sys.modules fails to import, as WeasyPrint does without Pango.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    response = download(pg_client, access_request, "pdf")
    assert response.status_code == 503
    detail = reverse("rights:request_detail", args=[access_request.uuid])
    assert f'href="{detail}"' in response.content.decode()
    assert not AuditEvent.objects.for_org(org).filter(action="rights.answer.downloaded").exists()


def test_every_download_is_audited_with_what_was_left_in(pg_client, access_request, org):
    download(pg_client, access_request, "json")
    download(pg_client, access_request, "csv", include_notes=True)
    download(pg_client, access_request, "pdf", include_notes=True, include_dpj=True)
    events = (
        AuditEvent.objects.for_org(org).filter(action="rights.answer.downloaded").order_by("id")
    )
    assert [sorted(e.changed_fields) for e in events] == [
        ["json"],
        ["csv", "notes"],
        ["dpj_disclosures", "notes", "pdf"],
    ]
    assert {e.object_uuid for e in events} == {access_request.uuid}


def test_a_worker_may_not_download_an_answer(ptp_client, access_request):
    assert download(ptp_client, access_request, "json").status_code == 403


def test_a_manager_of_another_organization_gets_404(outsider_client, access_request, org):
    for fmt in ("json", "csv", "pdf"):
        assert download(outsider_client, access_request, fmt).status_code == 404
    assert not AuditEvent.objects.for_org(org).filter(action="rights.answer.downloaded").exists()


def test_the_request_page_tells_the_manager_how_many_reports_to_the_dpj_the_file_holds(
    pg_client, family, pg
):
    access_request = make_request(family, pg)
    detail = reverse("rights:request_detail", args=[access_request.uuid])
    make_disclosure(family, pg, legal_basis="court")

    assert "This file holds" not in in_english(pg_client).get(detail).content.decode()

    make_disclosure(family, pg, legal_basis="dpj", recipient="DPJ de Lanaudière")
    make_disclosure(family, pg, legal_basis="dpj", recipient="DPJ de Lanaudière")
    assert "This file holds 2 reports to the DPJ." in pg_client.get(detail).content.decode()
    pg_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "Ce dossier contient 2 signalements à la DPJ." in pg_client.get(detail).content.decode()
    # Never in what the family receives.
    assert "DPJ" not in json.dumps(answer_json(pg_client, access_request))
