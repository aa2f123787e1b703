"""Question 3, strategy effectiveness, on the hand-computed dataset (``dataset.py``).

Organization A, third quarter of 2025.

New families (file opened in the period): park A1, A2; door-to-door A3 (A4 was opened in
March); food bank A5; Épicerie solidaire A6; not recorded A8. → 6.
Became accompanied since: A1 (07-20), A3 (09-01), A5 (09-20). → 3 of 6 = 50%.
First accompanied in the period (A4's was in April): A1, A3, A5; their 91st day:
A1 2025-10-19 (accompanied: yes), A3 2025-12-01 (closed on 10-15: no), A5 2025-12-20
(paused 11-01, accompanied again 11-20: yes). → 2 of 3 = 67%.
Hours of outreach in the period: park 90 + 30 = 2.0; door-to-door 60 (+ one without a
duration) = 1.0; food bank 2.0; Épicerie 0.75; other 0.5 (park on 06-30 is outside). → 6.25.

==================  ===  =========  ======  ========  =====  =====  =========  =========
strategy            new  accomp.    cohort  retained  hours  /hour  conversion  retained
==================  ===  =========  ======  ========  =====  =====  =========  =========
park                2    1          1       1         2.0    1.00   50%        100%
door-to-door        1    1          1       0         1.0    1.00   100%       0%
food bank           1    1          1       1         2.0    0.50   100%       100%
Épicerie solidaire  1    0          0       0         0.8    1.33   0%         —
other               0    0          0       0         0.5    0.00   —          —
not recorded        1    0          0       0         0.0    —      0%         —
==================  ===  =========  ======  ========  =====  =====  =========  =========

New families per hour overall: 6 / 6.25 = 0.96.
"""

from django.urls import reverse

from . import dataset
from .builders import in_english, read_answer


def test_manager_sees_families_per_hour_conversion_and_retention_by_strategy(
    org, ptp, pg, other_org, outsider, pg_client
):
    dataset.build(org, ptp, pg, other_org, outsider)

    response = in_english(pg_client).get(reverse("evaluation:question", args=[3]), dataset.QUERY)

    indicators, (by_strategy,) = read_answer(response)
    assert indicators == {
        "New families per hour of outreach": "0.96",
        "Conversion to accompaniment": "50%",
        "Still accompanied 91 days later": "67%",
    }
    assert by_strategy["Park or playground"] == ["2", "1", "1", "1", "2.0", "1.00", "50%", "100%"]
    assert by_strategy["Door-to-door"] == ["1", "1", "1", "0", "1.0", "1.00", "100%", "0%"]
    assert by_strategy["Food bank or dépannage"] == [
        "1", "1", "1", "1", "2.0", "0.50", "100%", "100%",
    ]  # fmt: skip
    assert by_strategy["Épicerie solidaire"] == ["1", "0", "0", "0", "0.8", "1.33", "0%", "—"]
    assert by_strategy["Other"] == ["0", "0", "0", "0", "0.5", "0.00", "—", "—"]
    assert by_strategy["Strategy not recorded"] == ["1", "0", "0", "0", "0.0", "—", "0%", "—"]
    assert by_strategy["Total"] == ["6", "3", "3", "2", "6.2", "0.96", "50%", "67%"]
