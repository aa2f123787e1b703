"""Logging a contact with a family: a mode and a duration, in a few taps."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from maillage.accompaniment.forms import ContactForm
from maillage.accompaniment.models import Contact
from maillage.audit.models import AuditEvent
from maillage.families.models import Family
from maillage.families.services import change_status

from .builders import make_contact, make_family
from .conftest import in_english

NOTE = "Rencontre au parc, la mère cherche un logement"


def new_url(family):
    return reverse("accompaniment:contact_new", args=[family.uuid])


def edit_url(contact):
    return reverse("accompaniment:contact_edit", args=[contact.uuid])


def family_url(family):
    return f"/familles/{family.uuid}/"


def prefilled(response):
    """What the browser sends back untouched: the form's initial values."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, "", [], False):
            continue
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return data


def reload(family):
    return Family.objects.for_org(family.organization).get(pk=family.pk)


def test_a_contact_asks_at_most_five_required_inputs():
    for show_note in (True, False):
        form = ContactForm(show_note=show_note)
        assert sum(field.required for field in form.fields.values()) <= 5


def test_worker_saves_a_contact_with_only_mode_and_duration(ptp_client, ptp, family):
    page = ptp_client.get(new_url(family))
    assert page.status_code == 200
    data = prefilled(page) | {"mode": "phone", "duration_minutes": "10"}

    response = ptp_client.post(new_url(family), data)

    assert response.status_code == 302
    assert response["Location"].startswith(family_url(family))
    contact = Contact.objects.across_organizations("test").get(family=family)
    assert (contact.mode, contact.duration_minutes, contact.worker) == ("phone", 10, ptp)
    assert contact.date == timezone.localdate()
    assert contact.travel_minutes == 0
    assert contact.distance_km == 0
    assert contact.note == ""
    assert reload(family).last_contact_on == timezone.localdate()


def test_travel_needs_and_interventions_are_saved(pg_client, pg, family):
    day = timezone.localdate() - datetime.timedelta(days=2)
    response = pg_client.post(
        new_url(family),
        {
            "mode": "home_visit",
            "duration_minutes": "60",
            "date": day.isoformat(),
            "travel_minutes": "35",
            "distance_km": "22.5",
            "needs": ["housing", "transport"],
            "interventions": ["listening", "procedures"],
            "interpreter_used": "on",
        },
    )

    assert response.status_code == 302
    contact = Contact.objects.across_organizations("test").get(family=family)
    assert contact.worker == pg
    assert contact.travel_minutes == 35
    assert contact.distance_km == Decimal("22.5")
    assert contact.needs == ["housing", "transport"]
    assert contact.interventions == ["listening", "procedures"]
    assert contact.interpreter_used is True
    assert reload(family).last_contact_on == day


def test_last_contact_only_moves_forward(ptp_client, family):
    today = timezone.localdate()
    for day in (today - datetime.timedelta(days=1), today - datetime.timedelta(days=10)):
        ptp_client.post(
            new_url(family),
            {"mode": "phone", "duration_minutes": "5", "date": day.isoformat()},
        )

    assert Contact.objects.across_organizations("test").filter(family=family).count() == 2
    assert reload(family).last_contact_on == today - datetime.timedelta(days=1)


def test_the_note_is_encrypted_at_rest(ptp_client, family):
    ptp_client.post(
        new_url(family),
        {"mode": "public_place", "duration_minutes": "20", "note": NOTE}
        | {"date": timezone.localdate().isoformat()},
    )

    contact = Contact.objects.across_organizations("test").get(family=family)
    assert contact.note == NOTE
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT note FROM {Contact._meta.db_table} WHERE id = %s",  # noqa: S608
            [contact.pk],
        )
        (raw,) = cursor.fetchone()
    assert raw
    assert "logement" not in raw
    assert NOTE not in raw


@pytest.fixture
def private_family(org, pg):
    """Without team visibility, a family followed by the manager only."""
    org.team_visibility = False
    org.save(update_fields=["team_visibility"])
    return make_family(org, pg)


def test_the_note_is_absent_for_a_worker_who_may_not_see_it(ptp_client, private_family):
    response = ptp_client.get(new_url(private_family))

    assert response.status_code == 200
    assert "note" not in response.context["form"].fields
    assert 'name="note"' not in response.content.decode()

    ptp_client.post(
        new_url(private_family),
        {"mode": "phone", "duration_minutes": "5", "note": NOTE}
        | {"date": timezone.localdate().isoformat()},
    )
    assert Contact.objects.across_organizations("test").get(family=private_family).note == ""


def test_the_family_s_worker_sees_the_note_field(pg_client, private_family):
    response = pg_client.get(new_url(private_family))
    assert 'name="note"' in response.content.decode()


def test_editing_without_access_to_the_note_keeps_it(ptp_client, pg, private_family):
    contact = make_contact(private_family, pg, note=NOTE)

    page = ptp_client.get(edit_url(contact))
    assert NOTE not in page.content.decode()
    response = ptp_client.post(edit_url(contact), prefilled(page) | {"duration_minutes": "50"})

    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.duration_minutes, contact.note) == (50, NOTE)


def test_a_closed_family_takes_no_new_contact(pg_client, pg, family):
    change_status(pg, family, "closed", reason="moved", expected_version=family.version)
    in_english(pg_client)

    page = pg_client.get(new_url(family))
    assert "This family's file is closed" in page.content.decode()
    response = pg_client.post(
        new_url(family),
        {"mode": "phone", "duration_minutes": "5", "date": timezone.localdate().isoformat()},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This family's file is closed: reopen it before logging a contact."
    ]
    assert not Contact.objects.across_organizations("test").filter(family=family).exists()
    assert reload(family).last_contact_on is None


def test_bad_input_is_refused_next_to_the_fields_and_kept(ptp_client, family):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    in_english(ptp_client)

    response = ptp_client.post(
        new_url(family),
        {
            "mode": "home_visit",
            "duration_minutes": "-5",
            "date": tomorrow.isoformat(),
            "travel_minutes": "30",
            "distance_km": "12.34",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"duration_minutes", "date", "distance_km"}
    assert errors["date"] == ["The date cannot be in the future."]
    html = response.content.decode()
    assert 'value="-5"' in html
    assert f'value="{tomorrow.isoformat()}"' in html
    assert 'value="30"' in html
    assert re.search(r'<input type="radio" name="mode" value="home_visit"[^>]*checked', html)
    assert 'aria-invalid="true"' in html
    assert not Contact.objects.across_organizations("test").filter(family=family).exists()


def test_a_contact_is_corrected_and_the_last_contact_follows(ptp_client, ptp, family):
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=7)
    old = make_contact(family, ptp, date=earlier)
    contact = make_contact(family, ptp, date=today)
    Family.objects.for_org(family.organization).filter(pk=family.pk).update(last_contact_on=today)

    page = ptp_client.get(edit_url(contact))
    assert page.status_code == 200
    moved = today - datetime.timedelta(days=3)
    response = ptp_client.post(edit_url(contact), prefilled(page) | {"date": moved.isoformat()})

    assert response.status_code == 302
    assert response["Location"].startswith(family_url(family))
    contact.refresh_from_db()
    assert contact.date == moved
    assert old.date < moved
    assert reload(family).last_contact_on == moved


def test_contacts_are_audited_by_field_name(ptp_client, ptp, org, family):
    ptp_client.post(
        new_url(family),
        {"mode": "phone", "duration_minutes": "5", "note": NOTE}
        | {"date": timezone.localdate().isoformat()},
    )
    contact = Contact.objects.across_organizations("test").get(family=family)
    page = ptp_client.get(edit_url(contact))
    ptp_client.post(edit_url(contact), prefilled(page) | {"duration_minutes": "15"})

    events = AuditEvent.objects.for_org(org).filter(object_uuid=family.uuid)
    recorded = events.get(action="family.contact.recorded")
    assert recorded.actor == ptp
    assert recorded.object_type == "families.family"
    assert "note" in recorded.changed_fields
    assert "mode" in recorded.changed_fields
    assert NOTE not in str(recorded.changed_fields)
    assert events.get(action="family.contact.updated").changed_fields == ["duration_minutes"]
    # Opening the edit form shows the note: a read of the family's record.
    assert events.filter(action="family.viewed").exists()


def test_contact_list_shows_labels_and_the_note_only_when_allowed(
    ptp_client, pg_client, pg, private_family
):
    make_contact(
        private_family,
        pg,
        travel_minutes=35,
        distance_km=Decimal("22.5"),
        needs=["housing"],
        interventions=["mediation"],
        note=NOTE,
    )
    for client in (ptp_client, pg_client):
        in_english(client)

    as_manager = pg_client.get(family_url(private_family)).content.decode()
    as_other_worker = ptp_client.get(family_url(private_family)).content.decode()

    for html in (as_manager, as_other_worker):
        assert "35 min" in html
        assert "22.5 km" in html
        assert "Housing" in html
        assert "Mediation with an institution" in html
    assert NOTE in as_manager
    assert NOTE not in as_other_worker


def test_outsider_cannot_log_or_edit_a_contact(outsider_client, ptp, family):
    contact = make_contact(family, ptp, note=NOTE)
    data = {"mode": "phone", "duration_minutes": "5", "date": timezone.localdate().isoformat()}

    assert outsider_client.get(new_url(family)).status_code == 404
    assert outsider_client.post(new_url(family), data).status_code == 404
    assert outsider_client.get(edit_url(contact)).status_code == 404
    assert outsider_client.post(edit_url(contact), data).status_code == 404
    assert Contact.objects.across_organizations("test").filter(family=family).count() == 1
    contact.refresh_from_db()
    assert contact.duration_minutes == 45


def test_a_contact_of_another_organization_is_404(ptp_client, other_org, outsider):
    theirs = make_contact(make_family(other_org, outsider), outsider)
    assert ptp_client.get(edit_url(theirs)).status_code == 404


@pytest.mark.parametrize("persona", ["evaluator_client", "admin_client"])
def test_platform_roles_get_404(persona, request, family, ptp):
    client = request.getfixturevalue(persona)
    contact = make_contact(family, ptp)
    assert client.get(new_url(family)).status_code == 404
    assert client.get(edit_url(contact)).status_code == 404
