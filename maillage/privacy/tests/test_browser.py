"""Law 25 in a real browser: a new worker finds the person in charge from her home page in
two clicks at most (360 px); a manager of an organization without one is led to name it and
records an incident (desktop). axe on every page; screenshots in test-artifacts/."""

import pytest

from maillage.accounts.models import Role
from maillage.privacy.models import ConfidentialityIncident, PrivacyOfficer
from maillage.testing import builders
from maillage.testing.browser import DESKTOP, PHONE, log_in

from .builders import incident_form_data

pytestmark = pytest.mark.browser

FOOTER_LINK = "footer a[href='/confidentialite/']"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_a_new_worker_finds_the_person_in_charge_in_two_clicks(
    viewport, page, live_server, shot, axe, org
):
    newcomer = builders.make_member(org, Role.PTP, email="nouvelle@example.org").user
    officer = PrivacyOfficer.objects.for_org(org).get()
    page.set_viewport_size(viewport)
    log_in(page, live_server, newcomer)
    assert page.url == f"{live_server.url}/accueil/"  # home, right after signing in
    clicks = 0

    page.click(FOOTER_LINK)
    clicks += 1
    page.wait_for_url("**/confidentialite/")
    officer_card = page.locator("section[aria-labelledby=officer-heading]")
    assert officer.name in officer_card.inner_text()
    assert officer_card.locator(f"a[href='mailto:{officer.email}']").is_visible()
    assert clicks <= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    shot(f"1-privacy-page-{viewport['width']}")
    axe(page, "privacy page")


def test_a_manager_is_led_to_name_the_person_in_charge_then_records_an_incident(
    browser, live_server, shot, axe, db
):
    bare = builders.make_organization("Organisme sans responsable", privacy_officer=False)
    manager = builders.make_member(bare, Role.PG, email="gestion@example.org").user
    context = browser.new_context(viewport=DESKTOP, locale="fr-CA")
    tab = context.new_page()
    try:
        log_in(tab, live_server, manager, totp_code=builders.current_totp_code())
        notice = tab.locator("main p.message--warning")
        assert notice.is_visible()
        notice.locator("a").click()
        tab.wait_for_url("**/confidentialite/")
        tab.click("a[href='/confidentialite/responsable/']")
        tab.wait_for_url("**/confidentialite/responsable/")
        axe(tab, "person in charge form")
        tab.fill("input[name=name]", "Direction générale")
        tab.fill("input[name=email]", "vieprivee@example.org")
        tab.fill("input[name=since]", "2026-01-05")
        tab.click("form.form button.button--primary")
        tab.wait_for_url("**/confidentialite/")
        assert "vieprivee@example.org" in tab.inner_text("main")
        assert PrivacyOfficer.objects.for_org(bare).get().name == "Direction générale"
        shot("2-officer-named", tab)

        tab.goto(f"{live_server.url}/confidentialite/incidents/nouveau/")
        axe(tab, "new incident")
        for name, value in incident_form_data().items():
            if value:
                selector = f"[name={name}]"
                tab.fill(selector, value)
        tab.click("form.form button.button--primary")
        tab.wait_for_url("**/confidentialite/incidents/*/")
        incident = ConfidentialityIncident.objects.for_org(bare).get()
        assert incident.people_concerned == 7
        axe(tab, "incident")
        shot("3-incident", tab)
        tab.goto(f"{live_server.url}/confidentialite/incidents/")
        axe(tab, "register of incidents")
    finally:
        context.close()
