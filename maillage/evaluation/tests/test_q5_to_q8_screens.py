"""Questions 5 to 8 through HTTP, on the hand-built dataset (``dataset_referrals.py``): the PG's
screens show the numbers worked out in ``test_q5_*.py`` … ``test_q8_*.py``; the outsider sees
her own organization's; a PTP gets 403; the évaluateur sees no count from 1 to 4 and no
family code; the number of queries of each screen does not grow with the data."""

from urllib.parse import urlencode

import pytest
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.families.models import Family
from maillage.testing.builders import make_member, make_organization

from . import dataset_referrals as dataset
from .builders import in_english as english

# ``today`` (conftest.py): today's date, with the referrals dataset built around it.

QUESTIONS = (5, 6, 7, 8)
SMALL_COUNTS = {"1", "2", "3", "4"}


def url(number, today, *, across=False):
    path = "ensemble/questions" if across else "questions"
    return f"/evaluation/{path}/{number}/?{urlencode(dataset.period_query(today))}"


def plain(text):
    """Without spaces, so that "50 %" and "50%" (or a no-break space) read the same."""
    return "".join(str(text).replace("\u202f", " ").replace("\xa0", " ").split())


def indicators(response):
    return {item.label: plain(item.text) for item in response.context["indicators"]}


def table_rows(response, index):
    table = response.context["tables"][index]
    return {row.label: [plain(value) for value in row.values] for row in table.rows}


def test_the_manager_sees_the_types_of_intervention_of_her_organization(pg_client, today):
    response = english(pg_client).get(url(5, today))

    assert response.status_code == 200
    # 6 contacts of 5 families; travel 205 of 565 minutes: 36 %.
    assert indicators(response) == {
        "Contacts": "6",
        "Families with at least one contact": "5",
        "Share of the time with families spent travelling": "36%",
    }
    assert table_rows(response, 0)["Listening and bond of trust"] == ["3", "3"]
    # Contacts, hours of contact (6), of travel (205 / 60 = 3.4), km.
    assert table_rows(response, 2)["Home visit"] == ["6", "6.0", "3.4", "157.5"]
    assert b"<svg" in response.content


def test_the_manager_sees_where_referrals_go(pg_client, today):
    response = english(pg_client).get(url(6, today))

    # 10 referrals, 8 to the directory, 4 to the regional CLSC.
    assert indicators(response) == {
        "Referrals made": "10",
        "To a partner of the directory": "80%",
        "To a regional partner": "40%",
    }
    assert table_rows(response, 1)["CLSC du Nord"] == ["4"]


def test_the_manager_sees_uptake_with_and_without_accompaniment(pg_client, today):
    response = english(pg_client).get(url(7, today))

    assert indicators(response) == {
        "Referrals made": "10",
        "Uptake": "50%",
        "Referrals still under way": "1",
    }
    # Ended, received, not used, refused, uptake.
    rows = table_rows(response, 0)
    assert rows["Accompanied by the worker"] == ["5", "4", "1", "0", "80%"]
    assert rows["Not accompanied"] == ["3", "0", "2", "1", "0%"]
    # Median days to service: 3, 4, 10, 20 → 7.
    assert table_rows(response, 3)["All referrals"] == ["8", "4", "3", "1", "7.0", "50%"]


def test_the_manager_sees_needs_met_and_needs_that_hit_a_gap(pg_client, today):
    response = english(pg_client).get(url(8, today))

    assert indicators(response) == {
        "Needs met by an existing service": "4",
        "Needs that hit a service gap": "3",
        "Share of needs met": "57%",
        "Service gaps confirmed": "3",
    }
    assert table_rows(response, 1)["No service"] == ["1", "3"]


@pytest.mark.parametrize(
    ("number", "label", "expected"),
    [
        (5, "Contacts", "2"),  # D1, D2
        (6, "Referrals made", "2"),  # T1, T2
        (7, "Uptake", "50%"),  # T1 received, T2 not used
        (8, "Service gaps confirmed", "1"),  # childcare × schedule
    ],
)
def test_the_outsider_sees_only_her_own_organization(
    outsider_client, today, number, label, expected
):
    response = english(outsider_client).get(url(number, today))

    assert response.status_code == 200
    assert indicators(response)[label] == expected
    assert b"CLSC du Nord" not in response.content


@pytest.mark.parametrize("number", QUESTIONS)
def test_a_worker_may_not_open_the_questions(ptp_client, today, number):
    assert ptp_client.get(url(number, today)).status_code == 403


@pytest.mark.parametrize("number", QUESTIONS)
def test_the_evaluator_sees_no_small_count_and_no_family_code(evaluator_client, today, number):
    response = english(evaluator_client).get(url(number, today, across=True))

    assert response.status_code == 200
    shown = [indicator.text for indicator in response.context["indicators"]]
    for table in response.context["tables"]:
        headers = table.headers
        for row in [*table.rows, *([table.totals] if table.totals else [])]:
            # Count columns only: hours, kilometres and days are not counts of anything.
            shown += [
                value
                for header, value in zip(headers, row.values, strict=True)
                if not header.startswith(("Hours", "Kilometres", "Median"))
            ]
    assert SMALL_COUNTS.isdisjoint(shown)
    content = response.content.decode()
    codes = Family.objects.across_organizations("test").values_list("code", flat=True)
    assert not [code for code in codes if code in content]


@pytest.mark.parametrize("copies", [1, 2])
# Seven for the session, the membership and the page around the answer, plus the answer's
# own: two for questions 5 and 6, three for questions 7 and 8. The évaluateur's screen reads
# no organization of hers but the regions of the filter and the organizations of the scope:
# one query more.
@pytest.mark.parametrize(("number", "queries"), [(5, 9), (6, 9), (7, 10), (8, 10)])
def test_each_screen_takes_the_same_queries_however_much_data(
    org, ptp, pg, other_org, outsider, pg_client, evaluator_client, django_assert_num_queries,
    copies, number, queries,
):  # fmt: skip
    today = timezone.localdate()
    dataset.build(org, ptp, pg, other_org, outsider, today=today, copies=copies)

    with django_assert_num_queries(queries):
        response = pg_client.get(url(number, today))
    assert response.status_code == 200
    with django_assert_num_queries(queries + 1):
        response = evaluator_client.get(url(number, today, across=True))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        # Three organizations with A's data each, F5 left out (no statistics consent): 5
        # contacts of 4 families each; travel 105 of 345 minutes each: 30 %.
        (
            5,
            {
                "Contacts": "15",
                "Families with at least one contact": "12",
                "Share of the time with families spent travelling": "30%",
            },
        ),
        # R1 to R9 each: 27 referrals, 7 × 3 = 21 to the directory (78 %), 4 × 3 = 12 to
        # the regional CLSC (44 %).
        (
            6,
            {
                "Referrals made": "27",
                "To a partner of the directory": "78%",
                "To a regional partner": "44%",
            },
        ),
        # 3 received of 7 ended each: 9 of 21, but the 9 is hidden in the table with and
        # without accompaniment, so the uptake is not shown; R9 under way in each: 3, "x".
        (7, {"Referrals made": "27", "Uptake": "—", "Referrals still under way": "x"}),
        # 3 met and 3 hitting a gap each; 3 confirmed gaps each.
        (
            8,
            {
                "Needs met by an existing service": "9",
                "Needs that hit a service gap": "9",
                "Share of needs met": "50%",
                "Service gaps confirmed": "9",
            },
        ),
    ],
)
def test_the_evaluator_sees_what_three_organizations_share(
    org, ptp, pg, other_org, outsider, evaluator_client, number, expected
):
    today = timezone.localdate()
    third = make_organization("Maison Trois", region=org.region)
    workers = [
        (org, ptp, pg),
        (other_org, outsider, outsider),
        (third, make_member(third, Role.PTP).user, make_member(third, Role.PG).user),
    ]
    for organization, worker, manager in workers:
        dataset.build_organization_a(organization, worker, manager, today)
        dataset.settle_suggested_gaps(organization, manager)

    response = english(evaluator_client).get(url(number, today, across=True))

    assert indicators(response) == expected
