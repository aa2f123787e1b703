"""The one write path (``apply_changes``): a form saved as it was writes nothing; a change
saves only the changed fields and audits their names, never their values."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.audit.services import apply_changes
from maillage.outreach import services
from maillage.outreach.models import DefaultStrategy, OutreachActivity, Strategy


@pytest.fixture
def activity(org, ptp):
    school = Strategy.objects.for_org(org).get(default=DefaultStrategy.SCHOOL_CPE)
    return services.record_outreach(
        ptp, org, {"strategy": school, "people_met": 5, "note": "Parents rencontrés au CPE."}
    )


def _form(activity):
    return {
        "date": activity.date.isoformat(),
        "strategy": str(activity.strategy.uuid),
        "people_met": str(activity.people_met),
        "note": activity.note,
    }


def _updates(org):
    return AuditEvent.objects.for_org(org).filter(action="outreach.activity.updated")


def test_saving_an_unchanged_form_writes_no_event(ptp_client, org, activity):
    url = reverse("outreach:edit", args=[activity.uuid])

    assert ptp_client.post(url, _form(activity)).status_code == 302

    assert not _updates(org).exists()


def test_a_change_is_audited_by_the_names_of_the_changed_fields_only(ptp_client, org, activity):
    url = reverse("outreach:edit", args=[activity.uuid])

    response = ptp_client.post(url, _form(activity) | {"note": "Trois familles intéressées."})

    assert response.status_code == 302
    event = _updates(org).get()
    assert event.changed_fields == ["note"]
    assert "Trois" not in str(event.changed_fields)
    activity.refresh_from_db()
    assert activity.note == "Trois familles intéressées."


def test_only_the_changed_fields_reach_the_database(org, ptp, activity):
    """Another writer's change to a field this edit leaves alone survives it."""
    OutreachActivity.objects.for_org(org).filter(pk=activity.pk).update(people_met=9)

    with CaptureQueriesContext(connection) as queries:
        reported = apply_changes(
            ptp, activity, {"note": "Corrigée.", "people_met": 5}, "outreach.activity.updated"
        )

    assert reported == ["note"]
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1 and "people_met" not in updates[0]
    activity.refresh_from_db()
    assert (activity.note, activity.people_met) == ("Corrigée.", 9)
