"""Out-of-mandate requests ("bouche-trou"): logged by the team, summed for the manager."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.accounts.models import Role
from maillage.collaboration.models import OutOfMandateRequest
from maillage.testing.builders import make_member

from .builders import make_partner, make_request

LIST = reverse("collaboration:requests")
NEW = reverse("collaboration:request_new")
SUMMARY = reverse("collaboration:request_summary")


def test_worker_logs_a_request_from_a_partner_of_the_directory(ptp_client, ptp, org):
    clinic = make_partner(org, "Clinique de Joliette")
    response = ptp_client.post(
        NEW,
        {
            "date": "2026-03-12",
            "partner": str(clinic.uuid),
            "partner_name": "",
            "kind": "interpretation",
            "description": "Interpréter en dari au rendez-vous de vaccination",
            "minutes_spent": "90",
            "decision": "accepted",
        },
    )

    assert response.status_code == 302
    request = OutOfMandateRequest.objects.for_org(org).get()
    assert (request.partner, request.worker, request.minutes_spent) == (clinic, ptp, 90)


def test_a_request_names_a_partner_and_bad_input_keeps_the_values(ptp_client, org, english):
    response = english(ptp_client).post(
        NEW,
        {
            "date": "2026-03-12",
            "partner": "",
            "partner_name": "",
            "kind": "event",
            "description": "Servir au souper spaghetti",
            "minutes_spent": "-5",
            "decision": "",
        },
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"partner_name", "minutes_spent", "decision"}
    page = response.content.decode()
    assert "Choose a partner of the directory or type its name." in page
    assert "Servir au souper spaghetti" in page
    assert not OutOfMandateRequest.objects.for_org(org).exists()


@pytest.fixture
def requests_of_march(org, other_org, ptp, pg):
    clinic = make_partner(org, "Clinique de Joliette")
    school = make_partner(org, "École primaire")
    march = datetime.date(2026, 3, 5)
    make_request(org, ptp, partner=clinic, minutes_spent=90, date=march)
    make_request(org, pg, partner=clinic, minutes_spent=45, date=march)
    make_request(org, ptp, partner=clinic, minutes_spent=120, decision="declined", date=march)
    make_request(org, ptp, partner=school, kind="event", minutes_spent=180, date=march)
    make_request(org, ptp, partner_name="Municipalité", kind="transport", minutes_spent=30)
    make_request(org, ptp, partner_name="Municipalité", minutes_spent=15, decision="declined")
    # Outside the period, and of another organization: never counted.
    make_request(org, ptp, partner=clinic, minutes_spent=600, date=datetime.date(2026, 1, 5))
    other_partner = make_partner(other_org, "Clinique de Joliette")
    make_request(other_org, make_member(other_org, Role.PTP).user, partner=other_partner)


def test_manager_sees_the_time_given_to_each_partner(pg_client, org, requests_of_march):
    response = pg_client.get(SUMMARY, {"start": "2026-03-01", "end": "2026-12-31"})

    rows = {row["label"]: row for row in response.context["by_partner"]}
    assert {label: (r["minutes"], r["accepted"], r["declined"]) for label, r in rows.items()} == {
        "Clinique de Joliette": (135, 2, 1),
        "École primaire": (180, 1, 0),
        "Municipalité": (30, 1, 1),
    }
    totals = response.context["totals"]
    assert (totals["minutes"], totals["accepted"], totals["declined"]) == (345, 4, 2)
    assert list(rows) == ["École primaire", "Clinique de Joliette", "Municipalité"]


def test_the_summary_is_for_the_manager_only(ptp_client, outsider_client, requests_of_march):
    assert ptp_client.get(SUMMARY).status_code == 403
    page = outsider_client.get(SUMMARY).content.decode()
    assert "École primaire" not in page


def test_query_count_does_not_grow_with_rows(pg_client, ptp, org):
    clinic = make_partner(org, "Clinique de Joliette")
    for _ in range(3):
        make_request(org, ptp, partner=clinic)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert pg_client.get(LIST).status_code == 200
        return len(captured)

    few = queries()
    for index in range(27):
        worker = make_member(org, Role.PTP).user
        make_request(org, worker, partner=make_partner(org, f"Partenaire {index}"))

    assert queries() == few
