"""Question 1, reached vs targeted, on the hand-computed dataset (``dataset.py``).

Organization A in the third quarter of 2025, target: children 0 to 5 (expected birth
counts) and isolation social or geographic, ages on 2025-09-30.

Reached (file opened in the period, or a contact in it): A1, A2, A3, A5, A6, A8 opened in
the period; A4 opened in March but had a contact on 08-20; A7 neither. → 7.

========  ========================  ================  =========================
family    ages (0 to 5)             isolation         meets the target
========  ========================  ================  =========================
A1        2 yes                     social yes        yes
A2        6 no                      geographic yes    no
A3        1 yes                     — no              no
A4        2 yes                     social yes        yes
A5        expected yes              geographic yes    yes
A6        4 yes                     social yes        yes
A8        no member: no             — no              no
========  ========================  ================  =========================

Ages: 5 of 7 (71%); isolation: 5 of 7 (71%); every criterion: 4 of 7 (57%).
Reach: 4 target families reached of 40 estimated = 10%.
"""

from django.urls import reverse

from maillage.evaluation.questions.q1 import compute
from maillage.evaluation.scope import Scope

from . import dataset
from .builders import in_english, read_answer


def test_manager_sees_the_families_reached_that_meet_the_target(
    org, ptp, pg, other_org, outsider, pg_client
):
    dataset.build(org, ptp, pg, other_org, outsider)

    response = in_english(pg_client).get(reverse("evaluation:question", args=[1]), dataset.QUERY)

    indicators, (by_criterion,) = read_answer(response)
    assert indicators == {
        "Families reached": "7",
        "Of which meeting the target clientele": "4",
        "Share of the families reached who meet the target clientele": "57%",
        "Estimated number of target families on the territory": "40",
        "Reach: target families reached, as a share of the estimate": "10%",
    }
    assert by_criterion == {
        "Children's ages": ["7", "5", "71%"],
        "Isolation": ["7", "5", "71%"],
        "Every criterion (the target clientele)": ["7", "4", "57%"],
    }
    page = response.content.decode()
    assert 'role="img"' in page
    assert "Families reached in the period" in page  # the definition sentence


def test_the_outsider_sees_only_her_own_organization(org, ptp, pg, other_org, outsider,
                                                      outsider_client):  # fmt: skip
    """B: B1 (10, urban) meets 0 to 12 in town; B2 (15) does not. 1 of 2, 1 of 100."""
    dataset.build(org, ptp, pg, other_org, outsider)

    response = in_english(outsider_client).get(
        reverse("evaluation:question", args=[1]), dataset.QUERY
    )

    indicators, (by_criterion,) = read_answer(response)
    assert indicators["Families reached"] == "2"
    assert indicators["Of which meeting the target clientele"] == "1"
    assert indicators["Reach: target families reached, as a share of the estimate"] == "1%"
    assert by_criterion["Children's ages"] == ["2", "1", "50%"]
    assert by_criterion["Milieu"] == ["2", "2", "100%"]


def test_across_organizations_only_families_with_the_statistics_consent_count(
    org, ptp, pg, other_org, outsider
):
    """With the statistics consent: A1, A2, A3, A4, A8 reached (A5 withdrew, A6 never gave
    it, A7 was not reached) and B1, B2: 7 reached, of which A1, A4 and B1 meet their own
    organization's target: 3. Estimates: 40 + 100."""
    dataset.build(org, ptp, pg, other_org, outsider)

    result = compute(Scope.across_organizations(dataset.PERIOD))

    reached, meeting, _share, estimated, _reach = result.indicators
    assert (reached.value.count, meeting.value.count, estimated.value.count) == (7, 3, 140)
    assert reached.value.organizations == {org.pk, other_org.pk}


def test_without_a_target_the_page_says_so(org, ptp, pg_client):
    response = in_english(pg_client).get(reverse("evaluation:question", args=[1]), dataset.QUERY)

    assert "No target clientele is in force on the period's last day" in response.content.decode(
    ).replace("&#x27;", "'")  # fmt: skip
