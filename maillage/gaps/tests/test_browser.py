"""Issue 4's path in a real browser: a referral that transport defeats becomes a service gap
that the manager confirms and the concertation table shows. Screenshots in test-artifacts/."""

import pytest

from maillage.families.services import record_consent
from maillage.gaps.models import ServiceGap
from maillage.partners.models import Partner, Service
from maillage.referrals.models import Referral
from maillage.testing import builders
from maillage.testing.browser import log_in

pytestmark = pytest.mark.browser


def test_a_referral_defeated_by_transport_becomes_a_gap_on_the_table(
    browser, page, live_server, shot, axe, org, ptp, pg
):
    partner = Partner.objects.create(
        organization=org,
        name="CLSC de la Matawinie",
        description="Services de santé et services sociaux.",
    )
    service = Service.objects.create(partner=partner, name="Halte-garderie du CLSC")
    family = builders.make_family(org, ptp, municipality=org.municipalities.get())
    record_consent(
        ptp,
        family,
        purpose="share",
        partner_name="CLSC de la Matawinie",
        method="verbal",
        text_version="2026-01",
    )

    # The worker refers the family, with its consent to share with that partner.
    log_in(page, live_server, ptp)
    page.goto(f"{live_server.url}/familles/{family.uuid}/references/nouvelle/")
    axe(page, "new referral")
    page.select_option("select[name=need]", "childcare")
    page.select_option("select[name=service]", str(service.uuid))
    shot("1-referral")
    page.click("form.form button.button--primary")
    page.wait_for_url("**/references/*/")
    referral = Referral.objects.across_organizations("test").get(family=family)
    assert not referral.information_only

    # Accepted, request made, then not used: the family had no way to get there.
    for status in ("accepted", "requested", "not_used"):
        page.select_option("select[name=to_status]", status)
        if status == "not_used":
            page.select_option("select[name=reason]", "transport")
        page.click("form.form button.button--primary")
        page.wait_for_load_state()
    referral.refresh_from_db()
    assert referral.status == "not_used"
    assert [e.to_status for e in referral.events.order_by("at", "id")][-1] == "not_used"
    shot("2-not-used")

    # The register suggests the gap.
    page.goto(f"{live_server.url}/trous-de-services/")
    gap = ServiceGap.objects.for_org(org).get()
    assert (gap.need, gap.cause, gap.status) == ("childcare", "transport", "suggested")
    shot("3-suggested")
    axe(page, "service gaps register")

    # The manager confirms it, and the concertation table shows it.
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="fr-CA")
    manager = context.new_page()
    try:
        log_in(manager, live_server, pg, totp_code=builders.current_totp_code())
        manager.goto(f"{live_server.url}/trous-de-services/{gap.uuid}/")
        manager.click(f"form[action='/trous-de-services/{gap.uuid}/confirmer/'] button")
        manager.wait_for_load_state()
        gap.refresh_from_db()
        assert gap.status == "confirmed"
        manager.goto(f"{live_server.url}/trous-de-services/concertation/")
        table = manager.inner_text("main")
        assert "Saint-Côme" in table
        assert family.code not in manager.content()
        assert manager.evaluate("document.documentElement.scrollWidth") <= 360
        shot("4-concertation", manager)
        axe(manager, "concertation table")
    finally:
        context.close()
