"""The register of confidentiality incidents: recorded, corrected and read by the manager,
exported, and kept five years after the incident became known."""

import codecs
import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from maillage.audit.models import AuditEvent
from maillage.privacy.models import ConfidentialityIncident, years_after

from .builders import incident_form_data, make_incident
from .conftest import in_english

LIST = reverse("privacy:incidents")
NEW = reverse("privacy:incident_new")


def _url(name, incident):
    return reverse(f"privacy:{name}", args=[incident.uuid])


def test_the_manager_records_an_incident_with_what_the_regulation_asks(pg_client, pg, org):
    data = incident_form_data(
        serious_injury_risk="on",
        commission_notified_on=(timezone.localdate() - timedelta(days=7)).isoformat(),
        people_notified_on=(timezone.localdate() - timedelta(days=6)).isoformat(),
        people_estimated="on",
    )
    response = pg_client.post(NEW, data)
    incident = ConfidentialityIncident.objects.for_org(org).get()
    assert response.status_code == 302
    assert response.url == _url("incident_detail", incident)
    assert incident.recorded_by == pg
    assert incident.serious_injury_risk and incident.people_estimated
    assert incident.people_concerned == 7
    assert incident.commission_notified_on == timezone.localdate() - timedelta(days=7)
    event = AuditEvent.objects.for_org(org).get(action="privacy.incident.recorded")
    assert event.object_uuid == incident.uuid
    assert "circumstances" in event.changed_fields
    assert not any("salle" in name for name in event.changed_fields)


def test_an_incident_whose_information_is_unknown_says_why(pg_client, org):
    data = incident_form_data(
        information_involved="", information_unknown_reason="Le disque volé était chiffré."
    )
    assert pg_client.post(NEW, data).status_code == 302
    assert ConfidentialityIncident.objects.for_org(org).get().information_involved == ""


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"information_involved": ""}, "Describe the information involved, or say why"),
        ({"serious_injury_risk": "on"}, "With a risk of serious injury, notices are required"),
        ({"public_notice": "on"}, "Say why a public notice was given."),
        ({"discovered_on": "2999-01-01"}, "This date cannot be in the future."),
        ({"occurred_to": "2000-01-01"}, "The period cannot end before it starts."),
        ({"people_concerned": ""}, "This field is required."),
    ],
)
def test_an_incomplete_entry_is_refused_next_to_the_field_and_nothing_is_saved(
    overrides, field_error, pg_client, org
):
    response = in_english(pg_client).post(NEW, incident_form_data(**overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert field_error in page
    assert "Une liste imprimée laissée dans une salle partagée." in page
    assert not ConfidentialityIncident.objects.for_org(org).exists()


def test_a_serious_risk_without_notices_is_accepted_with_the_reason(pg_client, org):
    data = incident_form_data(
        serious_injury_risk="on",
        notices_note="Avis retardé à la demande du service de police (enquête en cours).",
    )
    assert pg_client.post(NEW, data).status_code == 302
    assert ConfidentialityIncident.objects.for_org(org).get().commission_notified_on is None


def test_the_register_lists_the_organizations_incidents_in_constant_queries(
    pg_client, pg, org, other_org, outsider, django_assert_num_queries
):
    make_incident(org, pg, people_concerned=31)
    make_incident(other_org, outsider, people_concerned=404)
    pg_client.get(LIST)  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        page = pg_client.get(LIST).content.decode()
    assert '<td class="num">31' in page
    assert "404" not in page
    for _ in range(4):
        make_incident(org, pg)
    with django_assert_num_queries(len(one.captured_queries)):
        page = pg_client.get(LIST).content.decode()
    assert page.count("<tr>") == 1 + 5  # the header and the five incidents


def test_the_detail_shows_every_element_of_the_entry(pg_client, pg, org):
    incident = make_incident(org, pg, measures="Mots de passe changés le jour même.")
    page = in_english(pg_client).get(_url("incident_detail", incident)).content.decode()
    assert "Mots de passe changés le jour même." in page
    assert "Likelihood of injurious use" in page
    assert "Commission d&#x27;accès à l&#x27;information notified on" in page
    assert str(incident.deletable_from.year) in page


def test_a_correction_is_audited_with_the_names_of_the_changed_fields(pg_client, pg, org):
    incident = make_incident(org, pg)
    data = incident_form_data(
        information_involved=incident.information_involved,
        circumstances=incident.circumstances,
        occurred_from=incident.occurred_from.isoformat(),
        discovered_on=incident.discovered_on.isoformat(),
        people_concerned="15",
        risk_sensitivity=incident.risk_sensitivity,
        risk_misuse=incident.risk_misuse,
        risk_consequences=incident.risk_consequences,
        risk_likelihood=incident.risk_likelihood,
        measures=incident.measures,
    )
    response = pg_client.post(_url("incident_edit", incident), data)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.people_concerned == 15
    event = AuditEvent.objects.for_org(org).get(action="privacy.incident.changed")
    assert event.changed_fields == ["people_concerned"]


def test_workers_do_not_see_the_register(ptp_client, pg, org):
    incident = make_incident(org, pg)
    for url in (LIST, NEW, _url("incident_detail", incident), reverse("privacy:incidents_csv")):
        assert ptp_client.get(url).status_code == 403


def test_a_manager_of_another_organization_gets_404_on_an_incident(outsider_client, pg, org):
    incident = make_incident(org, pg)
    assert outsider_client.get(_url("incident_detail", incident)).status_code == 404
    assert outsider_client.get(_url("incident_edit", incident)).status_code == 404
    assert outsider_client.post(_url("incident_delete", incident)).status_code == 404
    assert ConfidentialityIncident.objects.for_org(org).filter(pk=incident.pk).exists()


def test_deleting_an_entry_under_five_years_old_is_refused_with_the_date(pg_client, pg, org):
    today = timezone.localdate()
    incident = make_incident(org, pg, discovered_on=years_after(today, -5) + timedelta(days=1))
    response = in_english(pg_client).post(_url("incident_delete", incident), follow=True)
    page = response.content.decode()
    assert "must be kept five years after the incident became known" in page
    assert _url("incident_delete", incident) not in page  # no button offered before the date
    assert ConfidentialityIncident.objects.for_org(org).filter(pk=incident.pk).exists()
    assert not AuditEvent.objects.for_org(org).filter(action="privacy.incident.deleted").exists()


def test_an_entry_five_years_old_can_be_deleted(pg_client, pg, org):
    incident = make_incident(org, pg, discovered_on=years_after(timezone.localdate(), -5))
    assert (
        _url("incident_delete", incident)
        in pg_client.get(_url("incident_detail", incident)).content.decode()
    )
    response = pg_client.post(_url("incident_delete", incident))
    assert response.status_code == 302
    assert response.url == LIST
    assert not ConfidentialityIncident.objects.for_org(org).filter(pk=incident.pk).exists()
    event = AuditEvent.objects.for_org(org).get(action="privacy.incident.deleted")
    assert event.object_uuid == incident.uuid


def test_five_years_from_29_february_ends_on_1_march():
    assert years_after(date(2024, 2, 29), 5) == date(2029, 3, 1)


FORMULA = '=HYPERLINK("http://example.org","cliquer")'


def test_the_csv_export_holds_the_register_with_formulas_neutralized(
    pg_client, pg, org, other_org, outsider
):
    make_incident(org, pg, circumstances=FORMULA, measures="-2+3", people_concerned=9)
    make_incident(other_org, outsider, circumstances="Autre organisme")
    response = in_english(pg_client).get(reverse("privacy:incidents_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    assert response.content.startswith(codecs.BOM_UTF8)  # Excel reads the accents as UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(body) == 1
    row = dict(zip(header, body[0], strict=True))
    assert row["Circumstances of the incident"] == "'" + FORMULA
    assert row["Measures taken to reduce the risk of injury"] == "'-2+3"
    assert row["Number of people concerned"] == "9"
    assert "Autre organisme" not in response.content.decode("utf-8-sig")
    assert (
        AuditEvent.objects.for_org(org).filter(action="privacy.incident.register.exported").exists()
    )


def test_the_xlsx_export_holds_text_never_formulas(pg_client, pg, org):
    make_incident(org, pg, circumstances=FORMULA, risk_likelihood="@SUM(A1)")
    response = in_english(pg_client).get(reverse("privacy:incidents_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, sheet[2], strict=True))
    circumstances = values["Circumstances of the incident"]
    assert circumstances.value == "'" + FORMULA
    assert circumstances.data_type == "s"
    assert values["Likelihood of injurious use"].value == "'@SUM(A1)"
    assert sheet.max_row == 2
