import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.accounts.models import Role
from maillage.audit.models import AppendOnlyError, AuditEvent
from maillage.audit.services import record_event
from maillage.testing.builders import make_member


def test_events_cannot_be_changed_or_deleted(org, pg):
    event = record_event(pg, "organization.updated", organization=org, target=org)
    event.action = "organization.created"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.for_org(org).update(action="x.y")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.for_org(org).delete()


def test_only_field_names_are_recorded(org, pg):
    event = record_event(
        pg, "organization.updated", organization=org, target=org, changed_fields=["name"]
    )
    assert event.changed_fields == ["name"]
    assert event.object_type == "organizations.organization"
    assert event.object_uuid == org.uuid
    with pytest.raises(ValueError, match="dotted"):
        record_event(pg, "Not dotted", organization=org)


def test_the_manager_reads_the_log_of_their_organization_only(pg_client, org, other_org, pg):
    record_event(pg, "organization.updated", organization=org, target=org)
    record_event(None, "organization.created", organization=other_org, target=other_org)
    page = pg_client.get(reverse("audit:log"))
    events = list(page.context["page"])
    assert [e.action for e in events] == ["organization.updated"]


def test_filters_narrow_the_log_and_htmx_gets_only_the_rows(pg_client, org, pg, ptp):
    record_event(pg, "organization.updated", organization=org, target=org)
    record_event(ptp, "membership.invited", organization=org, target=org)
    response = pg_client.get(reverse("audit:log"), {"person": str(ptp.uuid)})
    assert [e.actor for e in response.context["page"]] == [ptp]
    response = pg_client.get(
        reverse("audit:log"), {"action": "organization.updated"}, HTTP_HX_REQUEST="true"
    )
    assert [e.action for e in response.context["page"]] == ["organization.updated"]
    assert "<html" not in response.content.decode()


def test_a_reversed_date_range_is_explained_next_to_the_field(pg_client, org):
    response = pg_client.get(reverse("audit:log"), {"start": "2026-05-02", "end": "2026-05-01"})
    assert "end" in response.context["form"].errors
    assert 'value="2026-05-02"' in response.content.decode()


def test_the_log_page_query_count_does_not_grow_with_events(pg_client, org, pg):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert pg_client.get(reverse("audit:log")).status_code == 200
        return len(queries)

    for _ in range(3):
        record_event(pg, "organization.updated", organization=org, target=org)
    few = count_queries()
    for _ in range(40):
        record_event(make_member(org, Role.PTP).user, "account.login", organization=org)
    assert count_queries() == few


def test_the_platform_log_shows_platform_events_and_what_administrators_did(
    admin_client, admin, org, pg
):
    record_event(admin, "community.created")
    record_event(admin, "organization.updated", organization=org, target=org)
    record_event(pg, "membership.invited", organization=org, target=org)
    actions = [e.action for e in admin_client.get(reverse("audit:platform_log")).context["page"]]
    assert {"community.created", "organization.updated"} <= set(actions)
    assert "membership.invited" not in actions


def test_every_action_written_by_the_code_has_a_readable_label():
    """A new dotted action without a label would show raw in the log and its filter."""
    import re
    from pathlib import Path

    from maillage.audit.labels import ACTION_LABELS

    package = Path(__file__).resolve().parents[2]
    written = set()
    for path in package.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for match in re.finditer(
            r'"((?:account|membership|organization|community|reference|'
            r'outreach|family|security|partner|collaboration|gap)(?:\.[a-z_]+)+)"',
            path.read_text("utf-8"),
        ):
            written.add(match.group(1))
    assert written - ACTION_LABELS.keys() == set()
