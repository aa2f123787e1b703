"""Following a referral to its outcome: each change dated, by whom, with a reason."""

import datetime

from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.referrals.models import Referral

from .builders import make_referral
from .conftest import in_english


def detail_url(referral):
    return reverse("referrals:detail", args=[referral.uuid])


def status_url(referral):
    return reverse("referrals:status", args=[referral.uuid])


def reload(referral):
    return Referral.objects.across_organizations("test").get(pk=referral.pk)


def test_walk_a_referral_to_not_used_for_transport(ptp_client, ptp, family, service):
    referral = make_referral(family, ptp, service=service)
    for status in ("accepted", "requested", "waiting_list"):
        response = ptp_client.post(status_url(referral), {"to_status": status})
        assert response.status_code == 302, (
            response.context and response.context["status_form"].errors
        )

    # Without a reason: refused, the error next to the field, nothing changed.
    refused = in_english(ptp_client).post(
        status_url(referral), {"to_status": "not_used", "note": "Pas d'autobus"}
    )
    assert refused.status_code == 200
    form = refused.context["status_form"]
    assert "reason is required" in form.errors["reason"][0]
    assert form["note"].value() == "Pas d'autobus"
    assert reload(referral).status == "waiting_list"

    response = ptp_client.post(
        status_url(referral),
        {"to_status": "not_used", "reason": "transport", "note": "Pas d'autobus"},
    )

    assert response.status_code == 302
    referral = reload(referral)
    assert (referral.status, referral.follow_up_on) == ("not_used", None)
    history = [(e.from_status, e.to_status, e.reason, e.by) for e in referral.events.all()]
    assert history == [
        ("", "proposed", "", ptp),
        ("proposed", "accepted", "", ptp),
        ("accepted", "requested", "", ptp),
        ("requested", "waiting_list", "", ptp),
        ("waiting_list", "not_used", "transport", ptp),
    ]
    assert referral.events.last().note == "Pas d'autobus"
    events = AuditEvent.objects.for_org(family.organization).filter(
        action="family.referral.status.changed"
    )
    assert events.count() == 4
    assert all(event.object_uuid == family.uuid for event in events)
    # Field names only: the reason and the note are not written to the audit.
    assert "transport" not in str(list(events.values_list("changed_fields", flat=True)))

    page = in_english(ptp_client).get(detail_url(referral))
    content = page.content.decode()
    assert "Transport" in content and "Pas d&#x27;autobus" in content
    assert "reached its outcome" in content
    assert page.context["status_form"] is None


def test_an_outcome_is_final(ptp_client, ptp, family):
    referral = make_referral(family, ptp)
    for status in ("accepted", "requested", "received"):
        ptp_client.post(status_url(referral), {"to_status": status})

    response = ptp_client.post(status_url(referral), {"to_status": "accepted"})

    assert response.status_code == 200
    assert reload(referral).status == "received"
    assert referral.events.count() == 4


def test_a_change_cannot_be_dated_in_the_future(ptp_client, ptp, family):
    referral = make_referral(family, ptp)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = ptp_client.post(
        status_url(referral), {"to_status": "accepted", "on": tomorrow.isoformat()}
    )

    assert response.status_code == 200
    assert "on" in response.context["status_form"].errors
    assert reload(referral).status == "proposed"


def test_the_next_follow_up_date_replaces_the_old_one(pg_client, ptp, family):
    referral = make_referral(family, ptp, follow_up_on=timezone.localdate())
    later = timezone.localdate() + datetime.timedelta(days=14)

    pg_client.post(
        status_url(referral), {"to_status": "accepted", "follow_up_on": later.isoformat()}
    )

    assert reload(referral).follow_up_on == later


def test_the_detail_page_is_audited_as_a_read(ptp_client, ptp, family):
    referral = make_referral(family, ptp)

    assert ptp_client.get(detail_url(referral)).status_code == 200

    assert AuditEvent.objects.for_org(family.organization).filter(
        action="family.viewed", object_uuid=family.uuid
    )


def test_the_status_url_answers_405_to_a_get(ptp_client, ptp, family):
    referral = make_referral(family, ptp)
    assert ptp_client.get(status_url(referral)).status_code == 405


def test_outsider_gets_404(outsider_client, ptp, family):
    referral = make_referral(family, ptp)

    assert outsider_client.get(detail_url(referral)).status_code == 404
    assert outsider_client.post(status_url(referral), {"to_status": "accepted"}).status_code == 404
    assert reload(referral).status == "proposed"


def test_a_malformed_or_unknown_uuid_is_404(ptp_client):
    assert ptp_client.get("/references/00000000-0000-0000-0000-000000000000/").status_code == 404
