"""Disclosures without consent: their own rows, with the legal basis, the recipient, what was
sent (encrypted), who sent it and when; listed for the manager on the family's rights page."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.rights.models import Disclosure
from maillage.testing.builders import make_family, make_member

from .builders import make_disclosure
from .conftest import in_english


def disclosure_data(sent_by, **overrides):
    return {
        "legal_basis": "dpj",
        "recipient": "DPJ de Lanaudière",
        "content": "Signalement : enfant laissé seul deux nuits.",
        "sent_by": str(sent_by.pk),
        "sent_on": timezone.localdate().isoformat(),
    } | overrides


def test_the_manager_records_a_disclosure_and_sees_it_on_the_family_page(
    pg_client, family, ptp, org
):
    response = pg_client.post(
        reverse("rights:disclosure_new", args=[family.uuid]), disclosure_data(ptp)
    )
    assert response.status_code == 302
    disclosure = Disclosure.objects.for_org(org).get()
    assert (disclosure.legal_basis, disclosure.sent_by) == ("dpj", ptp)
    page = pg_client.get(reverse("rights:family", args=[family.uuid])).content.decode()
    assert "DPJ de Lanaudière" in page
    assert "enfant laissé seul deux nuits" in page
    event = AuditEvent.objects.for_org(org).get(action="rights.disclosure.recorded")
    assert "content" in event.changed_fields
    assert "laissé seul" not in str(event.changed_fields)


def test_what_was_sent_is_encrypted_in_the_database(family, pg):
    disclosure = make_disclosure(family, pg, content="Adresse transmise au tribunal.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM rights_disclosure WHERE id = %s", [disclosure.pk])
        (stored,) = cursor.fetchone()
    assert "tribunal" not in stored


def test_the_sender_must_belong_to_the_organization(pg_client, family, other_org, org):
    stranger = make_member(other_org, email="autre@example.org").user
    response = pg_client.post(
        reverse("rights:disclosure_new", args=[family.uuid]), disclosure_data(stranger)
    )
    assert response.status_code == 200
    assert not Disclosure.objects.for_org(org).exists()


def test_a_disclosure_dated_in_the_future_is_refused_and_the_text_kept(pg_client, family, pg, org):
    data = disclosure_data(pg, sent_on=(timezone.localdate() + timedelta(days=2)).isoformat())
    page = (
        in_english(pg_client)
        .post(reverse("rights:disclosure_new", args=[family.uuid]), data)
        .content.decode()
    )
    assert "This date cannot be in the future." in page
    assert "enfant laissé seul deux nuits" in page
    assert not Disclosure.objects.for_org(org).exists()


def test_the_organization_list_shows_every_disclosure_of_its_families_only(
    pg_client, outsider_client, family, pg
):
    make_disclosure(family, pg, recipient="Cour du Québec")
    assert "Cour du Québec" in pg_client.get(reverse("rights:disclosures")).content.decode()
    assert (
        "Cour du Québec" not in outsider_client.get(reverse("rights:disclosures")).content.decode()
    )


def test_a_worker_may_not_record_a_disclosure(ptp_client, family, ptp, org):
    url = reverse("rights:disclosure_new", args=[family.uuid])
    assert ptp_client.post(url, disclosure_data(ptp)).status_code == 403
    assert not Disclosure.objects.for_org(org).exists()


def test_another_organization_gets_404_on_the_family(outsider_client, family, outsider):
    url = reverse("rights:disclosure_new", args=[family.uuid])
    assert outsider_client.post(url, disclosure_data(outsider)).status_code == 404


def test_the_list_of_disclosures_costs_the_same_queries_with_more_rows(
    pg_client, org, ptp, pg, django_assert_num_queries
):
    make_disclosure(make_family(org, ptp), pg)
    pg_client.get(reverse("rights:disclosures"))  # the session's first request costs more
    with CaptureQueriesContext(connection) as one_row:
        assert pg_client.get(reverse("rights:disclosures")).status_code == 200
    for _ in range(4):
        make_disclosure(make_family(org, ptp), pg)
    with django_assert_num_queries(len(one_row.captured_queries)):
        response = pg_client.get(reverse("rights:disclosures"))
    assert response.content.decode().count("<tr") == 6  # a header row and five disclosures
