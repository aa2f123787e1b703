"""The field worker's whole path on a 360-pixel phone, in a real browser.

Log an outreach activity from home, create a family reached through it (two
members, the file consent), log a home visit with travel time, and add two
steps to the family's plan. Each step is screenshotted (test-artifacts/).
"""

import pytest

from maillage.accompaniment.models import Contact, Step
from maillage.families.models import Family
from maillage.outreach.models import DefaultStrategy, OutreachActivity, Strategy
from maillage.testing.browser import log_in

pytestmark = pytest.mark.browser


def required_inputs(form):
    return form.evaluate(
        "f => new Set([...f.querySelectorAll('[required]')]"
        ".filter(e => e.type !== 'hidden').map(e => e.name)).size"
    )


def test_a_worker_goes_from_the_street_to_the_familys_plan(page, live_server, shot, axe, ptp, org):
    park = Strategy.objects.for_org(org).get(default=DefaultStrategy.PARK)
    log_in(page, live_server, ptp)
    page.goto(f"{live_server.url}/accueil/")
    shot("1-home")

    # Outreach: two inputs, three taps (strategy, number, save).
    quick = page.locator("form[action='/demarchage/rapide/']")
    assert required_inputs(quick) <= 2
    taps = 0
    quick.locator("select[name=strategy]").select_option(str(park.uuid))
    taps += 1
    quick.locator("input[name=people_met]").fill("6")
    taps += 1
    quick.locator("button[type=submit]").click()
    taps += 1
    assert taps <= 3
    page.wait_for_url("**/accueil/")
    activity = OutreachActivity.objects.for_org(org).get()
    assert activity.people_met == 6
    shot("2-outreach-logged")

    # A family reached through that activity: two members and the file consent.
    page.goto(f"{live_server.url}/demarchage/{activity.uuid}/")
    page.click(f"a[href='/familles/nouvelle/?activite={activity.uuid}']")
    page.wait_for_url("**/familles/nouvelle/**")
    axe(page, "new family page")
    page.check("input[name=file]")
    page.check("input[name=method][value=verbal]")
    page.select_option("select[name=membres-0-role]", "parent")
    page.fill("input[name=membres-0-birth_year]", "1994")
    page.select_option("select[name=membres-1-role]", "child")
    page.fill("input[name=membres-1-birth_year]", "2024")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot("3-new-family")
    page.click("form.form button.button--primary")
    page.wait_for_url(lambda url: "/familles/" in url and "nouvelle" not in url)
    family = Family.objects.for_org(org).get()
    assert family.origin_activity == activity and family.members.count() == 2
    assert family.consents.get().purpose == "file"
    shot("4-family-page")
    axe(page, "family page")

    # A home visit with travel time: at most five required inputs.
    page.click(f"a[href='/familles/{family.uuid}/contacts/nouveau/']")
    page.wait_for_url("**/contacts/nouveau/")
    assert required_inputs(page.locator("form.form")) <= 5
    page.check("input[name=mode][value=home_visit]")
    page.fill("input[name=duration_minutes]", "60")
    page.fill("input[name=travel_minutes]", "35")
    page.fill("input[name=distance_km]", "28")
    shot("5-contact")
    page.click("form.form button.button--primary")
    page.wait_for_url(f"**/familles/{family.uuid}/")
    contact = Contact.objects.across_organizations("test").get(family=family)
    assert (contact.mode, contact.travel_minutes) == ("home_visit", 35)

    # The family's plan: one priority in their words, two small steps.
    plan = page.locator("#plan")
    plan.locator("input[name=title]").fill("Trouver une place en halte-garderie")
    plan.locator("form[action$='/plan/priorites/nouvelle/'] button[type=submit]").click()
    page.locator("#plan article").first.wait_for()
    for number, text in enumerate(["Appeler la halte-garderie", "Visiter avec la maman"], 1):
        step_form = page.locator("#plan form[action*='/etapes/nouvelle/']").first
        step_form.locator("input[name=description]").fill(text)
        step_form.locator("button[type=submit]").click()
        page.locator("#plan li", has_text=text).wait_for()
        assert (
            Step.objects.across_organizations("test").filter(priority__family=family).count()
            == number
        )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot("6-plan")
    axe(page, "family page with its plan")
