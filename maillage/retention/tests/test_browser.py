"""The retention page and a family's rectification in a real browser, at 360 px: the manager
sees what the next run would do (no family code), refuses herself an identity kept longer
than the file, saves a schedule, and notes a correction on a family's page. axe on each page;
screenshots in test-artifacts/."""

import pytest
from django.utils import timezone

from maillage.core.periods import months_later
from maillage.retention.models import Rectification, RetentionSchedule
from maillage.testing import builders
from maillage.testing.browser import PHONE, log_in

from .builders import make_full_family

pytestmark = pytest.mark.browser


def test_the_manager_sets_the_schedule_and_notes_a_rectification_at_360px(
    page, live_server, shot, axe, org, ptp, pg
):
    family = make_full_family(org, ptp, closed_on=months_later(timezone.localdate(), -13))
    page.set_viewport_size(PHONE)
    log_in(page, live_server, pg, totp_code=builders.current_totp_code())

    page.goto(f"{live_server.url}/confidentialite/conservation/")
    main = page.inner_text("main")
    next_run = page.inner_text("section[aria-labelledby=next-heading]")
    assert "L’identité de 1 famille serait détruite." in next_run
    assert family.code not in page.content()
    assert "Amina" not in main
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot("1-schedule")
    axe(page, "retention schedule")

    page.fill("input[name=identity_months]", "72")
    page.fill("input[name=file_months]", "24")
    page.click("form.form button.button--primary")
    page.wait_for_load_state()
    assert page.locator("#id_identity_months").input_value() == "72"
    assert page.locator(".errorlist").count() == 1
    assert not RetentionSchedule.objects.for_org(org).exists()
    axe(page, "retention schedule with an error")

    page.fill("input[name=identity_months]", "6")
    page.click("form.form button.button--primary")
    page.wait_for_url("**/confidentialite/conservation/")
    schedule = RetentionSchedule.objects.for_org(org).get()
    assert (schedule.identity_months, schedule.file_months) == (6, 24)
    shot("2-saved")

    page.goto(f"{live_server.url}/familles/{family.uuid}/")
    section = page.locator("#rectifications")
    section.locator("summary").click()
    section.locator("select[name=field]").select_option("phone")
    section.locator("select[name=reason]").select_option("inaccurate")
    section.locator("button[type=submit]").click()
    page.wait_for_url(f"**/familles/{family.uuid}/#rectifications")
    assert Rectification.objects.for_org(org).get(family=family).field == "phone"
    assert page.locator("#rectifications li").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot("3-rectification")
    axe(page, "family page with its rectifications")
