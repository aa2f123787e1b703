"""The team view in a real browser: a manager reads her team's month on a phone, then the
quarter on a desktop, and mistypes a custom range. Screenshots in test-artifacts/."""

import datetime

import pytest
from django.utils import timezone

from maillage.accounts.models import Membership
from maillage.families.models import Family
from maillage.testing import builders
from maillage.testing.browser import DESKTOP, log_in

from .builders import make_contact, make_family_created, make_outreach, make_worker

pytestmark = pytest.mark.browser


def test_a_manager_reads_her_teams_workload_on_a_phone_and_a_desktop(
    page, live_server, shot, axe, org, ptp, pg
):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    theo = make_worker(org, "Théo Bergeron")
    for worker, day in ((ptp, today), (ptp, last_month), (theo, today)):
        family = make_family_created(org, worker, day)
        make_contact(family, worker, date=day, duration_minutes=90, travel_minutes=30)
        make_outreach(org, worker, day, 120)
    Membership.objects.for_org(org).filter(user=theo).update(
        intake_open=False, intake_changed_on=today - datetime.timedelta(days=20)
    )
    codes = list(Family.objects.for_org(org).values_list("code", flat=True))

    log_in(page, live_server, pg, totp_code=builders.current_totp_code())
    page.goto(f"{live_server.url}/equipe/")
    page.click("a[href='/equipe/suivi/']")
    page.wait_for_url("**/equipe/suivi/")
    main = page.inner_text("main")
    assert "Maëlle Desrosiers" in main and "Théo Bergeron" in main
    # Théo's intake is paused: in bold, with the 20 days (the words depend on the language).
    assert "20" in page.inner_text("tbody tr:has-text('Théo Bergeron') td strong")
    assert page.locator("svg[role=img] title").count() == 4
    assert not any(code in page.content() for code in codes)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot("1-phone")
    axe(page, "team workload, phone")

    # The same session on a desktop (a second sign-in would reuse the two-factor code).
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/equipe/suivi/")
    page.select_option("select[name=kind]", "quarter")
    page.select_option("select[name=quarter]", str((today.month - 1) // 3 + 1))
    page.fill("input[name=year]", str(today.year))
    page.click("form.filters button")
    page.wait_for_url("**kind=quarter**")
    assert "Théo Bergeron" in page.inner_text("table")
    shot("2-desktop-quarter")
    axe(page, "team workload, desktop")

    # A worker's page, by month.
    page.click("table a:has-text('Maëlle Desrosiers')")
    page.wait_for_url("**/equipe/suivi/*/**")
    assert "Maëlle Desrosiers" in page.inner_text("h1")
    shot("3-worker")
    axe(page, "one worker's workload")

    # Only the fields of the kind chosen are shown (the script hides the others).
    assert page.is_hidden("input[name=start]")
    page.select_option("select[name=kind]", "custom")
    assert page.is_visible("input[name=start]") and page.is_hidden("select[name=quarter]")

    # A custom range without its start: the message is next to the field.
    page.goto(f"{live_server.url}/equipe/suivi/?kind=custom&end={today.isoformat()}")
    error = page.locator("#id_start_error")
    assert error.is_visible() and error.inner_text().strip()
    assert page.get_attribute("input[name=start]", "aria-invalid") == "true"
    assert page.input_value("input[name=end]") == today.isoformat()
    shot("4-custom-error")
    axe(page, "team workload, period error")
