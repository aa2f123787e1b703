"""Access and portability requests: recorded by the manager with their date, the 30-day
deadline tracked and flagged, closed as answered or refused (with a reason)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.rights.models import AccessRequest, Deadline, due_date

from .builders import make_request
from .conftest import in_english

#: Session, user, membership, organization… and one query for the requests with families.
LIST_QUERIES = 8


def test_the_deadline_is_30_days_after_the_request_was_received():
    assert due_date(date(2026, 3, 2)) == date(2026, 4, 1)
    assert due_date(date(2026, 12, 15)) == date(2027, 1, 14)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 10), Deadline.ON_TIME),  # 22 days left
        (date(2026, 3, 25), Deadline.DUE_SOON),  # 7 days left
        (date(2026, 4, 1), Deadline.DUE_SOON),  # the last day
        (date(2026, 4, 2), Deadline.OVERDUE),
    ],
)
def test_the_deadline_flag_on_fixed_dates(family, pg, today, expected):
    request = make_request(family, pg, received_on=date(2026, 3, 2))
    assert request.due_on == date(2026, 4, 1)
    assert request.deadline_on(today) == expected


def test_a_closed_request_is_never_flagged(family, pg):
    request = make_request(family, pg, received_on=date(2026, 1, 5), status="answered")
    assert request.deadline_on(date(2026, 6, 1)) == Deadline.CLOSED


def test_the_manager_records_a_request_and_its_deadline(pg_client, family, org):
    received = timezone.localdate() - timedelta(days=3)
    response = pg_client.post(
        reverse("rights:request_new", args=[family.uuid]),
        {
            "kind": "portability",
            "received_on": received.isoformat(),
            "requested_by": "parent",
            "language": "en",
        },
    )
    request = AccessRequest.objects.for_org(org).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("rights:request_detail", args=[request.uuid])
    assert (request.kind, request.language, request.status) == ("portability", "en", "received")
    assert request.due_on == received + timedelta(days=30)
    event = AuditEvent.objects.for_org(org).get(action="rights.request.recorded")
    assert event.object_uuid == request.uuid
    assert "received_on" in event.changed_fields


def test_a_request_received_in_the_future_is_refused_next_to_the_field(pg_client, family, org):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = in_english(pg_client).post(
        reverse("rights:request_new", args=[family.uuid]),
        {
            "kind": "access",
            "received_on": tomorrow.isoformat(),
            "requested_by": "grandparent",
            "language": "fr",
        },
    )
    assert response.status_code == 200
    assert "This date cannot be in the future." in response.content.decode()
    assert 'value="grandparent" selected' in response.content.decode()
    assert not AccessRequest.objects.for_org(org).exists()


def test_the_list_flags_overdue_and_due_soon_requests(pg_client, family, pg):
    today = timezone.localdate()
    overdue = make_request(family, pg, received_on=today - timedelta(days=31))
    soon = make_request(family, pg, received_on=today - timedelta(days=25))
    on_time = make_request(family, pg, received_on=today - timedelta(days=2))
    page = in_english(pg_client).get(reverse("rights:requests")).content.decode()
    assert "1 request is past its deadline." in page
    assert "1 request is due within 7 days." in page
    # Nearest deadline first, each with its flag.
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 3
    for request, row in zip((overdue, soon, on_time), rows, strict=True):
        assert str(request.uuid) in row
    assert "Overdue" in rows[0] and "Due within 7 days" in rows[1] and "On time" in rows[2]


def test_the_list_costs_the_same_queries_with_more_requests(
    pg_client, family, pg, django_assert_num_queries
):
    make_request(family, pg)
    with django_assert_num_queries(LIST_QUERIES):
        pg_client.get(reverse("rights:requests"))
    for days in range(5):
        make_request(family, pg, received_on=timezone.localdate() - timedelta(days=days * 9))
    with django_assert_num_queries(LIST_QUERIES):
        pg_client.get(reverse("rights:requests"))


def test_the_manager_marks_a_request_answered(pg_client, family, pg, org):
    request = make_request(family, pg)
    response = pg_client.post(
        reverse("rights:request_close", args=[request.uuid]),
        {"status": "answered", "on": timezone.localdate().isoformat(), "reason": ""},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.answered_on) == ("answered", timezone.localdate())
    assert AuditEvent.objects.for_org(org).filter(action="rights.request.answered").exists()


def test_a_refusal_needs_its_reason_and_nothing_changes_without_it(pg_client, family, pg, org):
    request = make_request(family, pg)
    url = reverse("rights:request_close", args=[request.uuid])
    response = in_english(pg_client).post(
        url, {"status": "refused", "on": timezone.localdate().isoformat(), "reason": " "}
    )
    assert response.status_code == 400
    assert "Give the reason of the refusal." in response.content.decode()
    request.refresh_from_db()
    assert request.status == "received"

    pg_client.post(
        url,
        {
            "status": "refused",
            "on": timezone.localdate().isoformat(),
            "reason": "La demande vise le dossier d'une autre famille.",
        },
    )
    request.refresh_from_db()
    assert request.status == "refused"
    assert request.refusal_reason == "La demande vise le dossier d'une autre famille."


def test_a_closed_request_cannot_be_closed_again(pg_client, family, pg):
    request = make_request(family, pg, status="answered", answered_on=timezone.localdate())
    response = in_english(pg_client).post(
        reverse("rights:request_close", args=[request.uuid]),
        {"status": "refused", "on": timezone.localdate().isoformat(), "reason": "Trop tard"},
        follow=True,
    )
    assert "This request is already closed." in response.content.decode()
    request.refresh_from_db()
    assert request.status == "answered"


def test_a_worker_gets_403_and_another_organization_404(ptp_client, outsider_client, family, pg):
    request = make_request(family, pg)
    assert ptp_client.get(reverse("rights:requests")).status_code == 403
    assert ptp_client.get(reverse("rights:family", args=[family.uuid])).status_code == 403
    assert outsider_client.get(reverse("rights:family", args=[family.uuid])).status_code == 404
    detail = reverse("rights:request_detail", args=[request.uuid])
    assert outsider_client.get(detail).status_code == 404
    their_list = outsider_client.get(reverse("rights:requests"))
    assert their_list.status_code == 200
    assert their_list.content.count(b"<tr>") == 0


def test_the_family_page_links_to_its_rights_for_the_manager_only(pg_client, ptp_client, family):
    url = reverse("families:detail", args=[family.uuid])
    link = reverse("rights:family", args=[family.uuid])
    assert link in pg_client.get(url).content.decode()
    assert link not in ptp_client.get(url).content.decode()


def test_the_manager_menu_leads_to_the_requests(pg_client, ptp_client):
    home = reverse("shell:home")
    assert f'href="{reverse("rights:requests")}"' in pg_client.get(home).content.decode()
    assert f'href="{reverse("rights:requests")}"' not in ptp_client.get(home).content.decode()
