"""A home visit and the family's plan on a 360-pixel phone, in a real browser.

Copied from maillage/shell/tests/test_browser.py; screenshots land in test-artifacts/screenshots/.
"""

import pytest

from maillage.accompaniment.models import Contact, Priority
from maillage.testing.browser import log_in

from .builders import make_family

pytestmark = pytest.mark.browser


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_log_a_home_visit_with_travel_in_five_inputs(page, live_server, shot, axe, ptp, org):
    family = make_family(org, ptp)
    log_in(page, live_server, ptp)
    page.goto(f"{live_server.url}/familles/{family.uuid}/contacts/nouveau/")
    required = page.eval_on_selector_all(
        "form.form [required]", "fields => new Set(fields.map(f => f.name)).size"
    )
    assert required <= 5
    assert fits_the_screen(page)
    shot("form")
    axe(page, "the contact form")

    page.check("input[name=mode][value=home_visit]")
    page.fill("input[name=duration_minutes]", "45")
    page.fill("input[name=travel_minutes]", "30")
    page.fill("input[name=distance_km]", "22.5")
    page.click("form.form button.button--primary")

    page.wait_for_url(f"**/familles/{family.uuid}/")
    assert page.locator(".message--success").count() == 1
    contact = Contact.objects.across_organizations("test").get(family=family)
    assert (contact.mode, contact.duration_minutes, contact.travel_minutes) == (
        "home_visit",
        45,
        30,
    )
    assert str(contact.distance_km) == "22.5"
    shot("saved")


def test_bad_duration_is_shown_next_to_the_field(page, live_server, shot, axe, ptp, org):
    family = make_family(org, ptp)
    log_in(page, live_server, ptp)
    page.goto(f"{live_server.url}/familles/{family.uuid}/contacts/nouveau/")

    page.check("input[name=mode][value=phone]")
    page.fill("input[name=duration_minutes]", "-5")
    page.click("form.form button.button--primary")
    page.wait_for_load_state()

    assert page.locator("input[name=duration_minutes]").get_attribute("aria-invalid") == "true"
    assert page.locator("input[name=duration_minutes]").input_value() == "-5"
    assert page.locator("input[name=mode][value=phone]").is_checked()
    assert not Contact.objects.across_organizations("test").filter(family=family).exists()
    assert fits_the_screen(page)
    shot("error")
    axe(page, "the contact form with an error")


def test_plan_with_two_steps_without_leaving_the_page(page, live_server, shot, axe, ptp, org):
    family = make_family(org, ptp)
    log_in(page, live_server, ptp)
    family_url = f"{live_server.url}/familles/{family.uuid}/"
    page.goto(family_url)
    plan = page.locator("#plan")

    plan.locator("input[name=title]").fill("Trouver un logement plus grand")
    plan.locator("select[name=need]").select_option("housing")
    plan.locator("form[action$='/plan/priorites/nouvelle/'] button[type=submit]").click()
    page.locator("#plan input[name=description]").wait_for()
    shot("priority")

    for number, description in enumerate(("Appeler l'OMH", "Visiter un 4½"), start=1):
        page.locator("#plan input[name=description]").fill(description)
        page.locator("#plan form[action*='/etapes/nouvelle/'] button[type=submit]").click()
        page.locator("#plan li strong", has_text=description).wait_for()
        assert page.locator("#plan button[name=status][value=done]").count() == number

    page.locator("#plan button[name=status][value=done]").first.click()
    page.locator('#plan progress[value="1"][max="2"]').wait_for()

    assert page.url == family_url  # htmx swapped the plan in place
    priority = Priority.objects.across_organizations("test").get(family=family)
    assert [step.status for step in priority.steps.order_by("created_at")] == ["done", "to_do"]
    assert fits_the_screen(page)
    shot("steps")
    axe(page, "the family page with its plan")
