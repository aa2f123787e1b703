"""Rectification with history (s. 28): the manager notes what was corrected in a family's
record, and the family page lists it, by field and reason, never by value."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.families.services import update_family
from maillage.retention.models import Rectification
from maillage.testing.builders import make_family

from .conftest import in_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(org, ptp):
    return make_family(org, ptp, languages="Arabe")


def _url(family):
    return reverse("retention:rectification_new", args=[family.uuid])


def _detail(family):
    return reverse("families:detail", args=[family.uuid])


def test_the_manager_notes_a_correction_the_family_asked_for_and_sees_it_listed(
    pg_client, pg, org, family
):
    # The correction itself, made on the family's own form.
    update_family(pg, family, values={"languages": "Arabe, français"}, expected_version=1)
    today = timezone.localdate()

    response = pg_client.post(
        _url(family),
        {
            "field": "languages",
            "reason": "inaccurate",
            "requested_by_family": "on",
            "rectified_on": today.isoformat(),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == _detail(family) + "#rectifications"
    rectification = Rectification.objects.for_org(org).get(family=family)
    assert (rectification.field, rectification.reason) == ("languages", "inaccurate")
    assert rectification.requested_by_family
    assert rectification.recorded_by == pg
    event = AuditEvent.objects.for_org(org).get(action="family.rectification.recorded")
    assert event.changed_fields == ["rectifications"]
    page = in_english(pg_client).get(_detail(family)).content.decode()
    section = page.split('id="rectifications"', 1)[1].split("</section>", 1)[0]
    assert "Languages spoken" in section
    assert "The information was inaccurate" in section
    assert "at the family&#x27;s request" in section or "at the family's request" in section
    assert "Arabe" not in section


def test_a_correction_dated_in_the_future_is_refused_and_the_form_keeps_the_entry(
    pg_client, org, family
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = in_english(pg_client).post(
        _url(family),
        {"field": "phone", "reason": "incomplete", "rectified_on": tomorrow.isoformat()},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "A correction cannot be dated in the future." in page
    assert 'value="phone" selected' in page
    assert not Rectification.objects.for_org(org).exists()


def test_a_correction_without_its_reason_is_refused(pg_client, org, family):
    response = pg_client.post(
        _url(family), {"field": "phone", "rectified_on": timezone.localdate().isoformat()}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not Rectification.objects.for_org(org).exists()


def test_a_worker_gets_403_and_does_not_see_the_history(ptp_client, org, family):
    data = {"field": "phone", "reason": "inaccurate", "rectified_on": "2026-01-05"}

    assert ptp_client.post(_url(family), data).status_code == 403
    assert not Rectification.objects.for_org(org).exists()
    detail = ptp_client.get(_detail(family))
    assert detail.status_code == 200
    assert 'id="rectifications"' not in detail.content.decode()


def test_a_manager_of_another_organization_gets_404(outsider_client, org, family):
    data = {"field": "phone", "reason": "inaccurate", "rectified_on": "2026-01-05"}

    assert outsider_client.post(_url(family), data).status_code == 404
    assert outsider_client.get(_url(family)).status_code == 404
    assert not Rectification.objects.across_organizations("test").exists()
