"""The manager brings history in with a real browser, on a phone-sized screen: a broken
file is reported, the template is downloaded, checked, confirmed and imported.
Screenshots in test-artifacts/."""

import pytest

from maillage.families.models import Family
from maillage.testing import builders
from maillage.testing.browser import DESKTOP, log_in

from .builders import csv_bytes

pytestmark = pytest.mark.browser


def test_a_manager_checks_a_file_then_imports_the_template(
    page, live_server, shot, axe, org, pg, tmp_path
):
    log_in(page, live_server, pg, totp_code=builders.current_totp_code())
    page.goto(f"{live_server.url}/organisation/")
    page.click("a[href='/importer/']")
    page.wait_for_url("**/importer/")
    axe(page, "import page")

    # A contacts file naming a family nobody knows and a mode that is not in the list.
    broken = tmp_path / "contacts.csv"
    broken.write_bytes(
        csv_bytes(
            [
                ["code_famille", "date", "intervenant", "mode", "duree_minutes"],
                ["F-INCONNU", "2025-03-04", pg.email, "pigeon voyageur", "30"],
            ]
        )
    )
    page.set_input_files("input[type=file]", str(broken))
    page.click("form.form button.button--primary")
    page.wait_for_selector("table.problems")
    rows = page.locator("table.problems tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().split("\t")[:3] == ["contacts", "2", "code_famille"]
    assert rows.nth(1).inner_text().split("\t")[:3] == ["contacts", "2", "mode"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot("1-problems")
    axe(page, "import problems")

    with page.expect_download() as download:
        page.click("a[href='/importer/modele.xlsx']")
    template = tmp_path / "modele-historique.xlsx"
    download.value.save_as(str(template))
    page.set_input_files("input[type=file]", str(template))
    page.click("form.form button.button--primary")
    page.wait_for_url("**/importer/*/")
    assert page.locator("dl.facts dd").all_inner_texts() == ["1", "1", "1", "1", "1"]
    assert not Family.objects.for_org(org).exists()
    shot("2-checked")
    axe(page, "import checked")

    page.click("form[action$='/confirmer/'] button.button--primary")
    page.wait_for_load_state()
    assert page.locator(".messages").count() == 1
    assert Family.objects.for_org(org).get().code == "F-EXEMPLE-1"
    assert page.locator("form[action$='/confirmer/']").count() == 0
    shot("3-imported")
    axe(page, "import done")

    # The same pages on a desktop screen.
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/importer/")
    assert page.locator("section[aria-labelledby=recent-title] li").count() == 1
    axe(page, "import page, desktop")
