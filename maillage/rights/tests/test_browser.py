"""The manager's path in a real browser, on a 360-pixel phone: from the family page to a
recorded access request, then the answer downloaded (PDF and JSON) and the request closed."""

import json
from pathlib import Path

import pytest

from maillage.rights.models import AccessRequest
from maillage.testing import builders
from maillage.testing.browser import log_in

pytestmark = pytest.mark.browser


def test_the_manager_records_a_request_and_downloads_the_answer(
    page, live_server, shot, axe, org, pg, family
):
    log_in(page, live_server, pg, totp_code=builders.current_totp_code())
    page.goto(f"{live_server.url}/familles/{family.uuid}/")
    page.click(f"a[href='/droits/familles/{family.uuid}/']")
    page.wait_for_url(f"**/droits/familles/{family.uuid}/")
    axe(page, "family rights")
    page.click(f"a[href='/droits/familles/{family.uuid}/demande/']")
    page.select_option("select[name=kind]", "access")
    page.select_option("select[name=requested_by]", "parent")
    page.select_option("select[name=language]", "en")
    shot("1-request")
    axe(page, "record a request")
    page.click("form.form button.button--primary")
    page.wait_for_url("**/droits/demandes/*/")
    access_request = AccessRequest.objects.for_org(org).get()
    assert access_request.language == "en"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot("2-request-detail")
    axe(page, "request detail")

    with page.expect_download() as pdf:
        page.click(f"button[formaction='/droits/demandes/{access_request.uuid}/reponse.pdf']")
    assert pdf.value.suggested_filename.endswith(".pdf")
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF-")

    with page.expect_download() as data:
        page.click(f"button[formaction='/droits/demandes/{access_request.uuid}/reponse.json']")
    answer = json.loads(Path(data.value.path()).read_text(encoding="utf-8"))
    assert answer["family_code"] == family.code
    assert answer["sections"]["notes"] == []

    page.check("input[name=status][value=answered]")
    page.click(f"form[action='/droits/demandes/{access_request.uuid}/fermer/'] button")
    page.wait_for_load_state()
    access_request.refresh_from_db()
    assert access_request.status == "answered"

    page.goto(f"{live_server.url}/droits/demandes/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot("3-requests")
    axe(page, "requests list")
