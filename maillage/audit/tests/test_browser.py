"""The manager's audit log in a real browser, on a phone and on a desktop: it says whether the
organization's chain is intact, and says so loudly when a row was changed behind its back."""

import pytest
from django.db import connection

from maillage.audit.services import record_event
from maillage.testing import builders
from maillage.testing.browser import DESKTOP, log_in

pytestmark = pytest.mark.browser


def _change_behind_the_applications_back(event):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The trigger would refuse: the test plays someone who disabled it.
            cursor.execute(
                "ALTER TABLE audit_auditevent DISABLE TRIGGER maillage_audit_no_update_or_delete"
            )
        cursor.execute(
            "UPDATE audit_auditevent SET changed_fields = %s WHERE id = %s",
            ['["name", "email"]', event.pk],
        )
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_auditevent ENABLE TRIGGER maillage_audit_no_update_or_delete"
            )


def test_the_manager_sees_whether_the_audit_log_was_altered(page, live_server, shot, axe, org, pg):
    event = record_event(
        pg, "organization.updated", organization=org, target=org, changed_fields=["name"]
    )
    log_in(page, live_server, pg, totp_code=builders.current_totp_code())
    page.goto(f"{live_server.url}/journal/")
    status = page.locator("#audit-chain")
    assert status.get_attribute("data-chain") == "intact"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe(page, "audit log, intact")
    shot("1-intact")

    _change_behind_the_applications_back(event)
    page.set_viewport_size(DESKTOP)
    page.reload()
    alert = page.get_by_role("alert")
    assert alert.get_attribute("data-chain") == "broken"
    assert "verify_audit_chain" in alert.inner_text()
    axe(page, "audit log, broken chain")
    shot("2-broken")
