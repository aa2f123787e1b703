"""Questions 5 to 8 in a real browser, at 360 px and in French: the manager opens each one on
the hand-built dataset and reads its answer; the évaluateur opens them across organizations
and no family code shows. axe on every page. Screenshots in test-artifacts/."""

from urllib.parse import urlencode

import pytest
from django.utils import timezone

from maillage.families.models import Family
from maillage.testing import builders
from maillage.testing.browser import log_in

from . import dataset_referrals as dataset

pytestmark = pytest.mark.browser

# What each answer shows for the manager's organization (see test_q5_to_q8_screens.py), as
# French writes it: numbers and labels that are translated already.
SHOWN = {
    5: "157,5",  # kilometres of home visits
    6: "CLSC du Nord",  # the partner with the most referrals
    7: "7,0",  # median days to service
    8: "Aucun service\t1\t3",  # the gap raised by hand: 1 gap, 3 families
}


def test_the_manager_reads_questions_5_to_8_on_a_phone(
    page, live_server, shot, axe, org, ptp, pg, other_org, outsider
):
    today = timezone.localdate()
    dataset.build(org, ptp, pg, other_org, outsider, today=today)
    query = urlencode(dataset.period_query(today))

    log_in(page, live_server, pg, totp_code=builders.current_totp_code())
    for number, text in SHOWN.items():
        page.goto(f"{live_server.url}/evaluation/questions/{number}/?{query}")
        assert text in page.inner_text("main")
        assert page.locator("svg[role=img]").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        shot(f"q{number}")
        axe(page, f"question {number}")


def test_the_evaluator_reads_questions_5_to_8_without_family_codes(
    page, live_server, shot, axe, org, ptp, pg, other_org, outsider, evaluator
):
    today = timezone.localdate()
    dataset.build(org, ptp, pg, other_org, outsider, today=today)
    query = urlencode(dataset.period_query(today))
    codes = list(Family.objects.across_organizations("test").values_list("code", flat=True))

    log_in(page, live_server, evaluator)
    for number in SHOWN:
        page.goto(f"{live_server.url}/evaluation/ensemble/questions/{number}/?{query}")
        content = page.content()
        assert not [code for code in codes if code in content]
        assert "CLSC du Nord" not in content  # one organization's partner: rolled up
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        shot(f"q{number}-across")
        axe(page, f"question {number} across organizations")
