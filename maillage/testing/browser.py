"""Real-browser tests: Debian's Chromium driven by Playwright against the live server.

Loaded as a pytest plugin. It gives tests marked ``@pytest.mark.browser``:

* ``browser`` — one Chromium for the whole session;
* ``page`` — a fresh context (cookies, storage) per test, 360×800 and French (Canada);
* ``shot`` — ``shot("step")`` saves test-artifacts/screenshots/<test>-<step>.png
  (a failed test also leaves <test>-failure.png);
* ``axe`` — ``axe(page)`` fails on any "serious" or "critical" axe-core violation;
* ``log_in(page, live_server, user, totp_code=...)`` — signs in through the forms;

Chromium comes from Debian (``apt-get install chromium``), never from
``playwright install``; axe-core from npm (``make browser-deps``). When one is
missing the tests are skipped on a workstation and fail in CI (``CI=true``).
"""

import os
import re
import shutil
from functools import cache
from pathlib import Path

import pytest

# Once started, Playwright's sync API leaves an asyncio loop running on the main
# thread for the rest of the session, where tests and fixtures query the database:
# Django would refuse. Test runs only; subprocesses started by tests inherit it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
#: axe-core impacts that fail a test; "minor" and "moderate" are left to review.
BLOCKING_IMPACTS = ("serious", "critical")
TIMEOUT_MS = 10_000


def missing_dependency(message: str):
    """Skip on a workstation; fail in CI, where a skipped browser suite would go unnoticed."""
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def chromium_executable() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_dependency(
            "Playwright for Python is not installed: install the dev requirements "
            "(make test does it)."
        )
    executable = chromium_executable()
    if executable is None:
        missing_dependency(
            "Chromium was not found: install Debian's package with `apt-get install chromium` "
            "(`playwright install` is not used)."
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def _plain_static_files(settings):
    """Unhashed static URLs, served from the source folders by the live server.

    The live server answers /static/ itself, through the staticfiles finders:
    the hashed names of the manifest storage (DEBUG off) would all be 404s.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_test_failed = report.failed
    return report


@pytest.fixture
def page(request, browser, live_server, _plain_static_files):
    from django.core.cache import cache as django_cache

    # Used TOTP codes and login-failure counters live in the cache, keyed by user
    # id; ids restart after each flush, so one test must not see another's.
    django_cache.clear()
    context = browser.new_context(viewport=PHONE, locale="fr-CA", timezone_id="America/Toronto")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    # Every URL the page asks for, so a test can prove none leaves for a third party.
    tab.requested_urls = []
    tab.on("request", lambda req: tab.requested_urls.append(req.url))
    yield tab
    if getattr(request.node, "browser_test_failed", False):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / f"{_slug(request.node.name)}-failure.png"))
    context.close()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")


@pytest.fixture
def shot(request, page):
    """``shot("step")`` saves a full-page PNG of ``page`` named after the test and step."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(step: str, target=None) -> Path:
        path = SCREENSHOTS / f"{_slug(request.node.name)}-{_slug(step)}.png"
        if target is None:
            page.screenshot(path=str(path), full_page=True)
        else:  # a locator or another page: locators have no full_page option
            target.screenshot(path=str(path))
        return path

    return take


@cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def format_violations(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = node.get("failureSummary", "").strip().replace("\n", "\n      ")
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


def assert_accessible(page, where: str = "") -> None:
    """Run axe-core in ``page``; fail on serious or critical violations.

    The script is evaluated rather than added as a <script> tag: the
    Content-Security-Policy forbids inline scripts, as it should.
    """
    if not AXE_SCRIPT.is_file():
        missing_dependency(
            f"axe-core is missing ({AXE_SCRIPT}): run `make browser-deps` (needs npm)."
        )
    page.evaluate(_axe_source())
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        raise AssertionError(
            f"axe-core violations on {where or page.url}:\n{format_violations(blocking)}"
        )


@pytest.fixture
def axe():
    return assert_accessible


def log_in(page, live_server, user, *, password=None, totp_code=None):
    """Sign in through the forms; give ``totp_code`` for people with TOTP set up.

    Returns once the browser left the login (and second-factor) page.
    """
    from maillage.testing import builders

    page.goto(f"{live_server.url}/comptes/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password or builders.PASSWORD)
    page.click("button.button--primary")
    page.wait_for_url(lambda url: "/comptes/login/" not in url)
    if totp_code is not None:
        page.wait_for_url("**/comptes/2fa/authenticate/")
        page.fill("input[name=code]", totp_code)
        page.click("button.button--primary")
        page.wait_for_url(lambda url: "/comptes/2fa/authenticate/" not in url)


def open_menu(page) -> None:
    """On a phone the main menu is folded behind a button (site-nav.js): open it, as a
    person would before choosing a page. Nothing to do on a desktop."""
    toggle = page.locator("button.site-nav__toggle")
    if toggle.count() and toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
