"""Outreach on a 360-pixel phone, in a real browser: the quick log, the full form, the list.

Copied from maillage/shell/tests/test_browser.py; screenshots land in test-artifacts/screenshots/.
"""

import pytest

from maillage.outreach.models import DefaultStrategy, OutreachActivity, Strategy
from maillage.testing import builders
from maillage.testing.browser import log_in

pytestmark = pytest.mark.browser


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_quick_log_in_three_taps_from_home(page, live_server, shot, axe, ptp, org):
    park = Strategy.objects.for_org(org).get(default=DefaultStrategy.PARK)
    log_in(page, live_server, ptp)
    page.goto(f"{live_server.url}/accueil/")
    form = page.locator("form[action='/demarchage/rapide/']")
    if form.count() == 0:
        pytest.skip("the home page does not include the quick log yet")
    shot("home")

    form.locator("select[name=strategy]").select_option(str(park.uuid))
    form.locator("input[name=people_met]").fill("7")
    form.locator("button[type=submit]").click()

    page.wait_for_url("**/accueil/")
    assert page.locator(".message--success").count() == 1
    activity = OutreachActivity.objects.for_org(org).get()
    assert (activity.strategy, activity.people_met, activity.worker) == (park, 7, ptp)
    shot("saved")


def test_quick_log_error_keeps_the_choice(page, live_server, shot, axe, ptp, org):
    park = Strategy.objects.for_org(org).get(default=DefaultStrategy.PARK)
    log_in(page, live_server, ptp)
    page.goto(f"{live_server.url}/accueil/")
    form = page.locator("form[action='/demarchage/rapide/']")
    if form.count() == 0:
        pytest.skip("the home page does not include the quick log yet")

    form.locator("select[name=strategy]").select_option(str(park.uuid))
    form.locator("input[name=people_met]").fill("-3")
    form.locator("button[type=submit]").click()

    page.wait_for_url("**/demarchage/rapide/")
    assert page.locator("select[name=strategy]").input_value() == str(park.uuid)
    assert page.locator("input[name=people_met]").get_attribute("aria-invalid") == "true"
    assert page.locator(".errorlist").count() == 1
    assert fits_the_screen(page)
    assert not OutreachActivity.objects.for_org(org).exists()
    shot("error")
    axe(page)


def test_full_form_list_and_strategies_on_a_phone(page, live_server, shot, axe, pg, org):
    school = Strategy.objects.for_org(org).get(default=DefaultStrategy.SCHOOL_CPE)
    log_in(page, live_server, pg, totp_code=builders.current_totp_code())

    page.goto(f"{live_server.url}/demarchage/nouvelle/")
    page.select_option("select[name=strategy]", str(school.uuid))
    page.fill("input[name=people_met]", "5")
    page.fill("input[name=families_reached]", "6")
    page.fill("textarea[name=note]", "Kiosque à la rentrée.")
    page.click("form.form button.button--primary")
    page.wait_for_load_state()
    assert page.locator("input[name=families_reached]").get_attribute("aria-invalid") == "true"
    assert page.locator("textarea[name=note]").input_value() == "Kiosque à la rentrée."
    assert fits_the_screen(page)
    shot("form-error")
    axe(page, "the outreach form with an error")

    page.fill("input[name=families_reached]", "2")
    page.click("form.form button.button--primary")
    page.wait_for_url("**/demarchage/*/")
    assert fits_the_screen(page)
    shot("detail")
    axe(page, "an outreach activity")

    page.goto(f"{live_server.url}/demarchage/")
    assert page.locator("tbody tr").count() == 1
    assert fits_the_screen(page)
    shot("list")
    axe(page, "the outreach log")

    page.goto(f"{live_server.url}/demarchage/strategies/")
    assert fits_the_screen(page)
    shot("strategies")
    axe(page, "the strategies")
