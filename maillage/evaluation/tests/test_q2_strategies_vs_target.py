"""Question 2, strategies vs target, on the hand-computed dataset (``dataset.py``).

Organization A, third quarter of 2025. Families reached (7) by the strategy recorded as
their origin, and those meeting the target (A1, A4, A5, A6):

=====================  ==============  =========  =====
strategy               reached         meeting    share
=====================  ==============  =========  =====
park                   A1, A2: 2       A1: 1      50%
door-to-door           A3, A4: 2       A4: 1      50%
food bank              A5: 1           1          100%
Épicerie solidaire     A6: 1           1          100%
not recorded           A8: 1           0          0%
the other defaults     0               0          —
=====================  ==============  =========  =====

A7 (park) was not reached in the period. Overall: 4 of 7 = 57%.
"""

from django.urls import reverse

from maillage.evaluation.questions.q2 import compute
from maillage.evaluation.scope import Scope

from . import dataset
from .builders import in_english, read_answer


def test_manager_sees_each_strategy_and_the_share_meeting_the_target(
    org, ptp, pg, other_org, outsider, pg_client
):
    dataset.build(org, ptp, pg, other_org, outsider)

    response = in_english(pg_client).get(reverse("evaluation:question", args=[2]), dataset.QUERY)

    indicators, (by_strategy,) = read_answer(response)
    assert indicators == {
        "Families reached": "7",
        "Share meeting the target clientele": "57%",
    }
    assert by_strategy["Park or playground"] == ["2", "1", "50%"]
    assert by_strategy["Door-to-door"] == ["2", "1", "50%"]
    assert by_strategy["Food bank or dépannage"] == ["1", "1", "100%"]
    assert by_strategy["Épicerie solidaire"] == ["1", "1", "100%"]
    assert by_strategy["Strategy not recorded"] == ["1", "0", "0%"]
    assert by_strategy["Word of mouth"] == ["0", "0", "—"]
    assert by_strategy["Total"] == ["7", "4", "57%"]
    # Twelve default strategies, the organization's own, and "not recorded".
    assert len(by_strategy) == 12 + 1 + 1 + 1


def test_across_organizations_own_strategies_are_counted_together(
    org, ptp, pg, other_org, outsider, english
):
    """With the statistics consent: park A1, A2, B1 (3; meeting A1, B1); door-to-door
    A3, A4, B2 (3; meeting A4); not recorded A8. A6 (Épicerie) has no statistics consent,
    so the organizations' own strategies count 0."""
    dataset.build(org, ptp, pg, other_org, outsider)

    result = compute(Scope.across_organizations(dataset.PERIOD))

    (table,) = result.tables
    rows = dict(zip(table.row_labels, table.cells, strict=True))
    assert [cell.count for cell in rows["Park or playground"]] == [3, 2]
    assert [cell.count for cell in rows["Door-to-door"]] == [3, 1]
    assert [cell.count for cell in rows["The organizations' own strategies"]] == [0, 0]
    assert [cell.count for cell in rows["Strategy not recorded"]] == [1, 0]
    assert rows["Park or playground"][0].organizations == {org.pk, other_org.pk}
