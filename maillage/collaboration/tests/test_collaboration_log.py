"""The collaboration log: tables, meetings, who was there and whom the worker connected."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.accounts.models import Role
from maillage.audit.models import AuditEvent
from maillage.collaboration.models import Collaboration, Connection
from maillage.testing.builders import make_member

from .builders import make_collaboration, make_partner

LIST = reverse("collaboration:list")
NEW = reverse("collaboration:new")


@pytest.fixture
def partners(org):
    return [make_partner(org, name) for name in ("CLSC du Nord", "CPE Les Lucioles", "Banque")]


def _post(partners, connected, **extra):
    return {
        "date": "2026-03-10",
        "kind": "table",
        "title": "Table petite enfance de la MRC",
        "subjects": "Transport vers la halte-garderie",
        "partners": [str(p.uuid) for p in partners],
        "other_partners": "Bibliothèque municipale",
        "connected": [str(p.uuid) for p in connected],
        "duration_minutes": "120",
        "follow_ups": "Rappeler le CPE",
    } | extra


def test_worker_logs_a_collaboration_and_the_network_shows_the_connection(
    ptp_client, ptp, org, partners
):
    clsc, cpe, _bank = partners
    response = ptp_client.post(NEW, _post([clsc], [clsc, cpe]))

    assert response.status_code == 302
    collaboration = Collaboration.objects.for_org(org).get()
    assert collaboration.worker == ptp
    # A partner the worker connected was there.
    assert set(collaboration.partners.all()) == {clsc, cpe}
    pair = Connection.objects.across_organizations("test").get(collaboration=collaboration)
    assert {pair.partner_a, pair.partner_b} == {clsc, cpe}
    assert AuditEvent.objects.for_org(org).filter(action="collaboration.logged").count() == 1

    page = ptp_client.get(reverse("collaboration:bridge")).content.decode()
    assert page.count('class="connection"') == 1
    assert "CLSC du Nord" in page and "CPE Les Lucioles" in page


def test_three_connected_partners_make_three_pairs(ptp, org, partners):
    collaboration = make_collaboration(org, ptp, connected=partners)

    assert collaboration.connections.count() == 3


def test_bad_input_keeps_the_values_and_shows_errors_next_to_the_fields(
    ptp_client, org, partners, english
):
    clsc = partners[0]
    response = english(ptp_client).post(
        NEW, _post([clsc], [clsc], title="", duration_minutes="5000")
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"title", "connected", "duration_minutes"}
    page = response.content.decode()
    assert "Choose at least two partners to connect." in page
    assert "Transport vers la halte-garderie" in page
    assert "Rappeler le CPE" in page
    assert not Collaboration.objects.for_org(org).exists()


def test_a_partner_of_another_organization_cannot_be_chosen(ptp_client, org, other_org):
    foreign = make_partner(other_org, "Partenaire d'ailleurs")
    mine = make_partner(org)

    response = ptp_client.post(NEW, _post([foreign], [mine, foreign]))

    assert response.status_code == 200
    assert {"partners", "connected"} <= set(response.context["form"].errors)
    assert not Collaboration.objects.for_org(org).exists()


def test_a_colleague_edits_a_collaboration_and_the_pairs_follow(pg_client, ptp, org, partners):
    clsc, cpe, bank = partners
    collaboration = make_collaboration(org, ptp, partners=[clsc], connected=[clsc, cpe])
    url = reverse("collaboration:edit", kwargs={"uuid": collaboration.uuid})

    assert pg_client.get(url).status_code == 200
    response = pg_client.post(url, _post([clsc], [cpe, bank], title="Table révisée"))

    assert response.status_code == 302
    collaboration.refresh_from_db()
    assert collaboration.title == "Table révisée"
    pairs = set(collaboration.connections.values_list("partner_a", "partner_b"))
    assert pairs == {tuple(sorted((cpe.pk, bank.pk)))}
    event = AuditEvent.objects.for_org(org).get(action="collaboration.changed")
    assert "connections" in event.changed_fields and "title" in event.changed_fields


def test_outsider_gets_404_on_a_collaboration(outsider_client, ptp, org):
    collaboration = make_collaboration(org, ptp, title="Table confidentielle")
    url = reverse("collaboration:edit", kwargs={"uuid": collaboration.uuid})

    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url, {"title": "Piratée"}).status_code == 404
    collaboration.refresh_from_db()
    assert collaboration.title == "Table confidentielle"
    assert "Table confidentielle" not in outsider_client.get(LIST).content.decode()


def test_filters_by_kind_and_worker(pg_client, ptp, pg, org):
    make_collaboration(org, ptp, title="Table de la PTP", kind="table")
    make_collaboration(org, pg, title="Rencontre de la PG", kind="meeting")

    page = pg_client.get(LIST, {"kind": "meeting"}).content.decode()
    assert "Rencontre de la PG" in page and "Table de la PTP" not in page
    page = pg_client.get(LIST, {"worker": str(ptp.uuid)}).content.decode()
    assert "Table de la PTP" in page and "Rencontre de la PG" not in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_rows(pg_client, ptp, org, partners):
    for _ in range(3):
        make_collaboration(org, ptp, connected=partners[:2])
    few = _queries(pg_client, LIST)
    for index in range(27):
        worker = make_member(org, Role.PTP).user
        make_collaboration(org, worker, partners=partners, title=f"Table {index}")

    assert _queries(pg_client, LIST) == few
