"""Question 4, strategies to add, on the hand-computed dataset (``dataset.py``).

Organization A, third quarter of 2025; families reached: A1 to A6 and A8 (7); meeting the
target: A1, A4, A5, A6.

Who opened the door: parent A1, A2 (2; meeting A1: 1, 50%); teenager A3 (1; 0, 0%);
grandparent A4 (1; 1, 100%); neighbour A5 (1; 1); partner A6 (1; 1); not recorded A8
(1; 0). Caregiver and other: 0.

Outreach under "other" and the organization's own strategies: "other" 1 activity (08-25),
0 family; Épicerie solidaire 1 activity (07-20), 1 family (A6).

Profiles of the target families reached (A1 park, A4 door-to-door, A5 food bank, A6
Épicerie): isolation social A1, A4, A6 (3; best strategy 1); geographic A5 (1; 1);
cultural A4 (1; 1); milieu rural: all four (their milieu is the organization's) (4; 1).
Every other profile: 0. No strategy brought in five families of any profile.
"""

from django.urls import reverse

from maillage.evaluation.questions.q4 import compute
from maillage.evaluation.scope import Scope

from . import dataset
from .builders import in_english, read_answer


def test_manager_sees_entry_points_other_strategies_and_poorly_reached_profiles(
    org, ptp, pg, other_org, outsider, pg_client
):
    dataset.build(org, ptp, pg, other_org, outsider)

    response = in_english(pg_client).get(reverse("evaluation:question", args=[4]), dataset.QUERY)

    indicators, (entry_points, others, profiles) = read_answer(response)
    assert indicators == {
        "Families reached": "7",
        # A3 a teenager, A4 a grandparent, A5 a neighbour, A6 a partner: 4 of 7.
        "Share whose door was opened by someone other than a parent": "57%",
        # A6 (Épicerie solidaire): 1 of 7.
        "Share reached through “other” or the organization's own strategies": "14%",
    }
    assert entry_points == {
        "A parent": ["2", "1", "50%"],
        "A teenager": ["1", "0", "0%"],
        "A grandparent": ["1", "1", "100%"],
        "A neighbour": ["1", "1", "100%"],
        "A proche aidant": ["0", "0", "—"],
        "A partner organization": ["1", "1", "100%"],
        "Other": ["0", "0", "—"],
        "Not recorded": ["1", "0", "0%"],
        "Total": ["7", "4", "57%"],
    }
    assert others == {
        "“Other” (no strategy named)": ["1", "0"],
        "Épicerie solidaire": ["1", "1"],
        "Total": ["2", "1"],
    }
    assert profiles["Isolation: Social"] == ["3", "1", "33%"]
    assert profiles["Isolation: Geographic or transport"] == ["1", "1", "100%"]
    assert profiles["Isolation: Cultural or linguistic"] == ["1", "1", "100%"]
    assert profiles["Milieu: Rural"] == ["4", "1", "25%"]
    assert profiles["Milieu: Urban"] == ["0", "0", "—"]
    assert profiles["Needs an interpreter"] == ["0", "0", "—"]
    page = response.content.decode()
    assert "No strategy brought in at least 5 families of these profiles" in page
    assert "Isolation: Social, Isolation: Geographic or transport" in page


def test_across_organizations_a_name_used_by_two_organizations_is_counted_together(
    org, ptp, pg, other_org, outsider, evaluator_client
):
    """ "Épicerie solidaire" (A) and "épicerie SOLIDAIRE" (B): one row of 2 activities from
    2 organizations — fewer than three, so it is rolled up, and its entries hidden."""
    dataset.build(org, ptp, pg, other_org, outsider)

    response = in_english(evaluator_client).get(
        reverse("evaluation:across_question", args=[4]), dataset.QUERY
    )

    _indicators, (_entry_points, others, _profiles) = read_answer(response)
    assert "Épicerie solidaire" not in others
    assert "épicerie solidaire" not in response.content.decode().lower()
    assert others["Other (rolled up)"] == ["x", "x"]
    raw = compute(Scope.across_organizations(dataset.PERIOD)).tables[1]
    row = raw.cells[raw.row_labels.index("Épicerie solidaire")]
    assert (row[0].count, row[0].organizations) == (2, {org.pk, other_org.pk})
