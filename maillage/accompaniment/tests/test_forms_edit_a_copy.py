"""The forms that edit a contact or an outreach activity validate a copy of it: the row the
view hands to the service keeps the saved values, so the service sees what changed and the
audit event names it."""

from django.urls import reverse

from maillage.accompaniment.forms import ContactForm
from maillage.accompaniment.services import record_contact
from maillage.audit.models import AuditEvent


def test_validating_the_contact_form_leaves_the_contact_as_saved(ptp, family):
    contact = record_contact(ptp, family, {"mode": "phone", "duration_minutes": 10})
    data = {"mode": "home_visit", "duration_minutes": "40", "date": contact.date.isoformat()}

    form = ContactForm(data, instance=contact, show_note=False)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["duration_minutes"] == 40
    assert (contact.mode, contact.duration_minutes) == ("phone", 10)


def test_a_contact_corrected_through_the_page_is_audited_with_its_changed_fields(
    ptp, ptp_client, family
):
    contact = record_contact(ptp, family, {"mode": "phone", "duration_minutes": 10})
    data = {"mode": "phone", "duration_minutes": "25", "date": contact.date.isoformat()}

    response = ptp_client.post(reverse("accompaniment:contact_edit", args=[contact.uuid]), data)

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.duration_minutes == 25
    event = AuditEvent.objects.for_org(family.organization).get(action="family.contact.updated")
    assert event.changed_fields == ["duration_minutes"]
