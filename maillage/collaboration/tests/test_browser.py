"""Le pont in a real browser on a phone: the network and the flow keep legible text and
scroll inside their card, the page itself does not; axe passes. Screenshots in
test-artifacts/."""

import pytest

from maillage.testing.browser import log_in

from .builders import make_collaboration, make_partner, make_referral_flow

pytestmark = pytest.mark.browser


def test_the_bridge_draws_both_charts_on_a_phone(page, live_server, shot, axe, org, ptp):
    make_referral_flow(org, ptp)
    make_collaboration(
        org, ptp, connected=[make_partner(org, "CPE Les Lucioles"), make_partner(org, "Maison")]
    )

    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, live_server, ptp)
    page.goto(f"{live_server.url}/le-pont/")

    assert page.locator("svg[role=img]").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Drawn at their own size: 13-unit text stays 13 px, the region scrolls.
    widths = page.eval_on_selector_all(
        ".chart-scroll > svg", "svgs => svgs.map(s => s.getBoundingClientRect().width)"
    )
    assert all(width > 360 for width in widths), widths
    shot("phone")
    axe(page, "le pont")
