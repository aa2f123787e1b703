"""The shell in a real browser: sign-in, roles, context and language switches, keyboard.

Runs Debian's Chromium through Playwright (fixtures in maillage/testing/browser.py);
screenshots of each step land in test-artifacts/screenshots/.
"""

import pytest

from maillage.accounts.models import Membership, Role
from maillage.testing import builders
from maillage.testing.browser import DESKTOP, log_in

pytestmark = pytest.mark.browser

BRAND_GREEN = "rgb(29, 92, 77)"  # --brand in maillage.css
TEAM, AUDIT = "/equipe/", "/journal/"
PLATFORM_ORGANIZATIONS, PLATFORM_ACCOUNTS = "/plateforme/organisations/", "/plateforme/comptes/"


@pytest.fixture
def browser_errors(page):
    """Console errors (CSP violations, failed loads) and uncaught exceptions of the page."""
    errors = []
    page.on(
        "console",
        lambda m: errors.append(f"{m.text} [{m.location['url']}]") if m.type == "error" else None,
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def html_lang(page):
    return page.get_attribute("html", "lang") or ""


def hrefs(page, scope="body"):
    return page.eval_on_selector_all(
        f"{scope} a[href]", "links => links.map(a => a.getAttribute('href'))"
    )


def test_login_page_is_french_by_default_styled_and_accessible(
    browser, page, live_server, shot, axe
):
    page.goto(f"{live_server.url}/")
    page.wait_for_url("**/comptes/login/**")

    assert html_lang(page).startswith("fr")
    assert page.locator("h1").count() == 1
    assert page.locator("input[name=login][type=email]").count() == 1
    assert page.locator("input[name=password][type=password]").count() == 1
    assert page.locator("form button.button--primary[type=submit]").count() == 1
    for field_id in page.eval_on_selector_all(
        "form input:not([type=hidden])", "i => i.map(e => e.id)"
    ):
        assert page.locator(f"label[for='{field_id}']").count() == 1, field_id
    # allauth's own catalog already says it in French.
    assert "Mot de passe" in page.inner_text("label[for=id_password]")
    # The stylesheet loaded (through the live server's static files handler).
    header_background = page.eval_on_selector(
        ".site-header", "e => getComputedStyle(e).backgroundColor"
    )
    assert header_background == BRAND_GREEN
    shot("phone")
    axe(page, "login page at 360px")

    page.set_viewport_size(DESKTOP)
    shot("desktop")
    axe(page, "login page at 1280px")

    # A browser asking for a language Maillage does not offer gets French.
    context = browser.new_context(locale="de-DE", viewport=DESKTOP)
    try:
        german = context.new_page()
        german.goto(f"{live_server.url}/comptes/login/")
        assert html_lang(german).startswith("fr")
        shot("unsupported-language", german)
    finally:
        context.close()


ROLES = {
    # persona: (needs TOTP, links its navigation has, links nowhere on its home page)
    "ptp": (
        False,
        {"/accueil/", "/organisation/"},
        {TEAM, AUDIT, PLATFORM_ORGANIZATIONS, PLATFORM_ACCOUNTS},
    ),
    "pg": (
        True,
        {"/accueil/", "/organisation/", TEAM, AUDIT},
        {PLATFORM_ORGANIZATIONS, PLATFORM_ACCOUNTS},
    ),
    "evaluator": (False, {"/accueil/"}, {TEAM, AUDIT, PLATFORM_ORGANIZATIONS, PLATFORM_ACCOUNTS}),
    "admin": (True, {"/accueil/", PLATFORM_ORGANIZATIONS, PLATFORM_ACCOUNTS}, {TEAM, AUDIT}),
}


@pytest.mark.parametrize("persona", list(ROLES))
def test_each_role_signs_in_and_sees_its_own_navigation(
    request, persona, page, live_server, shot, axe
):
    needs_totp, in_navigation, absent = ROLES[persona]
    user = request.getfixturevalue(persona)

    page.goto(f"{live_server.url}/comptes/login/")
    shot("login")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", builders.PASSWORD)
    page.click("button.button--primary")
    if needs_totp:
        page.wait_for_url("**/comptes/2fa/authenticate/")
        shot("second-factor")
        axe(page, f"second-factor page ({persona})")
        page.fill("input[name=code]", builders.current_totp_code(builders.TOTP_SECRET))
        page.click("button.button--primary")
    page.wait_for_url("**/accueil/")

    navigation = set(hrefs(page, "nav.site-nav"))
    assert in_navigation <= navigation, navigation
    assert not absent & set(hrefs(page)), hrefs(page)
    assert page.locator("nav.site-nav a[aria-current=page]").get_attribute("href") == "/accueil/"
    shot("home")
    axe(page, f"home page ({persona})")
    page.set_viewport_size(DESKTOP)
    shot("home-desktop")


def test_person_with_two_memberships_switches_organization(
    page, live_server, shot, org, other_org, ptp
):
    builders.make_member(other_org, Role.PTP, user=ptp)
    names = {str(m.uuid): m.organization.name for m in Membership.objects.of_user(ptp)}
    log_in(page, live_server, ptp)
    page.wait_for_url("**/accueil/")

    switch = page.locator("form.context-switch")
    select = switch.locator("select[name=membership]")
    assert select.locator("option").count() == 2
    before = select.input_value()
    after = next(uuid for uuid in names if uuid != before)
    assert names[before] in page.inner_text("main p.lead")
    shot("before")

    select.select_option(after)
    with page.expect_navigation():
        switch.locator("button[type=submit]").click()

    page.wait_for_url("**/accueil/")
    select = page.locator("form.context-switch select[name=membership]")
    assert select.input_value() == after
    assert names[after] in select.locator("option:checked").inner_text()
    assert names[after] in page.inner_text("main p.lead")
    assert names[after] in page.inner_text(".messages")
    shot("after")


def test_language_switch_goes_to_english_and_back(page, live_server, shot, ptp):
    log_in(page, live_server, ptp)
    page.wait_for_url("**/accueil/")
    assert html_lang(page).startswith("fr")
    shot("french")

    with page.expect_navigation():
        page.click("form.language-switch button[name=language]")
    assert html_lang(page) == "en"
    assert page.url.endswith("/accueil/")
    shot("english")

    with page.expect_navigation():
        page.click("form.language-switch button[name=language]")
    assert html_lang(page).startswith("fr")
    assert page.url.endswith("/accueil/")
    shot("french-again")


def test_manager_without_totp_must_set_it_up_first(page, live_server, shot, axe, org):
    manager = builders.make_member(
        org, Role.PG, mfa=False, email="nouvelle.pg@example.org", password=builders.PASSWORD
    ).user

    log_in(page, live_server, manager)
    assert "/accueil/" not in page.url.split("?")[0]
    if "/comptes/reauthenticate/" in page.url:
        shot("reauthenticate")
        page.fill("input[name=password]", builders.PASSWORD)
        page.click("button.button--primary")
    page.wait_for_url("**/comptes/2fa/totp/activate/**")
    shot("activate")
    axe(page, "TOTP activation page")

    secret = page.input_value("input#authenticator_secret")
    page.fill("input[name=code]", builders.current_totp_code(secret))
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/comptes/2fa/totp/activate/" not in url)
    assert "/comptes/2fa/totp/activate/" not in page.url
    shot("activated")

    page.goto(f"{live_server.url}/accueil/")
    assert page.url.endswith("/accueil/")
    assert TEAM in hrefs(page, "nav.site-nav")
    shot("home")


def test_keyboard_first_tab_reaches_skip_link_which_jumps_to_main(page, live_server, shot):
    page.goto(f"{live_server.url}/comptes/login/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('a.skip-link')")
    box = page.locator("a.skip-link").bounding_box()
    viewport = page.viewport_size
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    shot("skip-link-focused")

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    assert page.evaluate("document.activeElement.matches('main#main')")
    shot("main-focused")


def test_pages_run_without_csp_violations_or_script_errors(page, live_server, browser_errors, ptp):
    """The strict Content-Security-Policy must not block anything the pages rely on."""
    log_in(page, live_server, ptp)
    page.wait_for_url("**/accueil/")
    page.goto(f"{live_server.url}/organisation/")
    assert browser_errors == []


PAGES_OF = {
    "ptp": [
        "/familles/",
        "/familles/nouvelle/",
        "/demarchage/",
        "/demarchage/nouvelle/",
        "{family}",
        "{family}modifier/",
        "{family}membres/nouveau/",
        "{family}consentements/nouveau/",
        "{family}contacts/nouveau/",
        "{family}references/nouvelle/",
        "/references/a-suivre/",
        "/partenaires/",
        "/partenaires/nouveau/",
        "/trous-de-services/",
        "/collaborations/",
        "/collaborations/nouvelle/",
        "/demandes-hors-mandat/",
        "/demandes-hors-mandat/nouvelle/",
        "/le-pont/",
    ],
    "pg": [
        "/familles/passation/",
        "{family}intervenants/",
        "/demarchage/strategies/",
        "/partenaires/importer/",
        "/trous-de-services/nouveau/",
        "/trous-de-services/concertation/",
        "/demandes-hors-mandat/bilan/",
        "/organisation/",
        "/organisation/parametres/",
        TEAM,
        "/equipe/inviter/",
        AUDIT,
        "/comptes/2fa/",
        "/comptes/password/change/",
        "/evaluation/",
        "/evaluation/questions/1/",
        "/evaluation/questions/7/",
        "/evaluation/clientele-visee/",
        "/evaluation/clientele-visee/nouvelle/",
        "/equipe/suivi/",
        "/rapports/participation/",
        "/importer/",
        "/confidentialite/",
        "/confidentialite/responsable/",
        "/confidentialite/incidents/",
        "/confidentialite/incidents/nouveau/",
        "/confidentialite/conservation/",
        "/droits/demandes/",
        "/droits/divulgations/",
        "/droits{family}",
        "/droits{family}demande/",
    ],
    "evaluator": [
        "/evaluation/ensemble/",
        "/evaluation/ensemble/questions/1/",
        "/evaluation/ensemble/questions/6/",
        "/recherche/extraits/",
        "/confidentialite/",
    ],
    "admin": [
        PLATFORM_ORGANIZATIONS,
        "/plateforme/organisations/nouvelle/",
        "/plateforme/communautes/nouvelle/",
        PLATFORM_ACCOUNTS,
        "/plateforme/comptes/nouveau/",
        "/plateforme/journal/",
    ],
}


@pytest.mark.parametrize("persona", list(PAGES_OF))
def test_every_page_fits_a_phone_and_passes_axe(request, persona, page, live_server, shot, axe):
    """At 360 px nothing makes the page scroll sideways (wide tables scroll in their box)."""
    user = request.getfixturevalue(persona)
    org = request.getfixturevalue("org")
    builders.make_member(org, Role.PTP)  # a row to list
    family = builders.make_family(
        org, user, members=[{"role": "parent", "birth_year": 1990}], context_factors=["trauma"]
    )
    totp = builders.current_totp_code() if persona in ("pg", "admin") else None
    log_in(page, live_server, user, totp_code=totp)
    for template in PAGES_OF[persona]:
        path = template.format(family=f"/familles/{family.uuid}/")
        page.goto(f"{live_server.url}{path}")
        assert page.url.endswith(path), page.url
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide at 360px"
        shot(path.strip("/").replace("/", "-"))
        axe(page, path)
    # No request left for another origin: no CDN, font service, analytics or map tiles.
    elsewhere = [
        url
        for url in page.requested_urls
        if not url.startswith(f"{live_server.url}/") and not url.startswith(("data:", "blob:"))
    ]
    assert page.requested_urls and elsewhere == [], elsewhere


def test_on_a_phone_the_menu_folds_behind_one_button_that_the_keyboard_opens(
    page, live_server, shot, axe, ptp
):
    log_in(page, live_server, ptp)
    page.wait_for_url("**/accueil/")
    toggle = page.locator("button.site-nav__toggle")
    menu = page.locator("nav.site-nav ul")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.inner_text().startswith("Menu")
    assert not menu.is_visible()
    shot("menu-folded")

    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.is_visible()
    shot("menu-open")
    axe(page, "home page with the menu open")
    page.locator("nav.site-nav a[href='/familles/']").click()
    page.wait_for_url("**/familles/")
    assert page.locator("button.site-nav__toggle").inner_text().endswith("Familles")

    # On a desktop the menu is always open and the button is not there.
    page.set_viewport_size(DESKTOP)
    assert not page.locator("button.site-nav__toggle").is_visible()
    assert page.locator("nav.site-nav ul").is_visible()
