"""The evaluation in a real browser, in French: the manager defines the target clientele
and reads questions 1 to 4 (and every other question registered) at 360 px and on a
desktop; the évaluateur opens the index and the questions across organizations, with no
family code anywhere. axe on every page. Screenshots in test-artifacts/."""

from urllib.parse import urlencode

import pytest

from maillage.evaluation.models import TargetDefinition
from maillage.evaluation.questions.registry import QUESTIONS
from maillage.testing import builders
from maillage.testing.browser import DESKTOP, log_in

from . import dataset

pytestmark = pytest.mark.browser
QUERY = urlencode(dataset.QUERY)

# What each answer shows for organization A (see test_q1…test_q4), as French writes it.
SHOWN = {
    1: "57",  # share (%) of the families reached who meet the target
    2: "Épicerie solidaire",  # the organization's own strategy, a row of its own
    3: "1,33",  # new families per hour of the Épicerie solidaire
    4: "Un grand-parent",  # an entry point
}


def test_the_manager_defines_the_target_and_reads_the_questions(
    page, live_server, shot, axe, org, ptp, pg, other_org, outsider
):
    data = dataset.build(org, ptp, pg, other_org, outsider)
    # The dataset's target is in force; end it so the manager's new one can follow.
    TargetDefinition.objects.for_org(org).update(valid_to="2025-12-31")

    log_in(page, live_server, pg, totp_code=builders.current_totp_code())
    page.goto(f"{live_server.url}/evaluation/clientele-visee/nouvelle/")
    axe(page, "target clientele form")
    page.fill("input[name=name]", "Familles isolées 0-5 ans, 2026")
    page.fill("input[name=valid_from]", "2026-01-01")
    page.fill("input[name=child_age_max]", "5")
    page.check("input[name=isolation][value=social]")
    page.fill("input[name=estimated_population]", "45")
    page.fill("input[name=population_source]", "Recensement 2021")
    shot("target-form")
    page.click("form.form button.button--primary")
    page.wait_for_url("**/clientele-visee/*/")
    assert "Familles isolées 0-5 ans, 2026" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    axe(page, "target clientele")

    page.goto(f"{live_server.url}/evaluation/?{QUERY}")
    axe(page, "evaluation index")
    shot("index")
    # The period picker shows the fields of the kind of period chosen only.
    assert page.locator("select[name=quarter]").is_visible()
    assert page.locator("input[name=start]").is_hidden()
    page.select_option("select[name=kind]", "custom")
    assert page.locator("select[name=quarter]").is_hidden()
    assert page.locator("input[name=start]").is_visible()
    for width, label in [(360, "phone"), (DESKTOP["width"], "desktop")]:
        page.set_viewport_size({"width": width, "height": 800})
        for number in sorted(QUESTIONS):
            page.goto(f"{live_server.url}/evaluation/questions/{number}/?{QUERY}")
            main = page.inner_text("main")
            if number in SHOWN:
                assert SHOWN[number] in main, (number, main)
            assert page.locator("table").count() >= 1
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            content = page.content()
            # A question counts families, it never lists one.
            assert not [code for code in data.codes if code in content]
            shot(f"q{number}-{label}")
            axe(page, f"question {number} ({label})")
    # The charts are images with a title; the table under them holds the numbers.
    page.goto(f"{live_server.url}/evaluation/questions/1/?{QUERY}")
    assert page.locator("svg[role=img] title").count() == 1


def test_the_evaluator_reads_the_questions_across_organizations(
    page, live_server, shot, axe, org, ptp, pg, other_org, outsider, evaluator
):
    data = dataset.build(org, ptp, pg, other_org, outsider)

    log_in(page, live_server, evaluator)
    page.goto(f"{live_server.url}/evaluation/ensemble/?{QUERY}")
    assert "2 organi" in page.inner_text("main")  # "organismes" once translated
    axe(page, "evaluation across organizations")
    shot("across-index")
    for number in sorted(QUESTIONS):
        page.goto(f"{live_server.url}/evaluation/ensemble/questions/{number}/?{QUERY}")
        content = page.content()
        assert not [code for code in data.codes if code in content]
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        axe(page, f"question {number} across organizations")
        shot(f"q{number}-across")
    page.goto(f"{live_server.url}/evaluation/ensemble/questions/1/?{QUERY}")
    assert "< 5" not in page.inner_text("main")  # every hidden count shows "x"
