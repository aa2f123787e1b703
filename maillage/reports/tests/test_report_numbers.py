"""The participation report's numbers on a quarter counted by hand (see builders.py).

Every expected value below is worked out from the rows of ``make_quarter``, not read back
from the code. The same test runs on SQLite and on PostgreSQL (DATABASE_URL).
"""

from decimal import Decimal

import pytest
from django.utils import translation

from maillage.families.models import Member
from maillage.reports.data import participation_report

from .builders import QUARTER, make_quarter

d = Decimal


@pytest.fixture
def quarter(org, ptp, other_org, outsider):
    return make_quarter(org, ptp, other_org=other_org, other_worker=outsider)


@pytest.fixture
def report(quarter, org):
    with translation.override("en"):
        return participation_report(org, QUARTER)


def rows(report, key):
    table = report.table(key)
    return table.rows, table.total


def test_families_reached_are_new_or_already_known(report):
    # A (contacts), B (opened 00:30 on Jan 1st), C (opened and contacts), E (contact on
    # Mar 31). D was last seen in December, F opened in April, G at 23:30 on Dec 31.
    assert rows(report, "families") == (
        [["New families", 2], ["Families already known", 2]],
        ["Families reached", 4],
    )


def test_members_of_the_families_reached_by_age_on_the_last_day(report):
    assert rows(report, "members") == (
        [
            ["Children aged 0 to 5", 2],  # A's 2023-05 (2) and 2020 (5, born "in July")
            ["Children aged 6 to 12", 2],  # B's 2014-04 (11) and C's 2020-03 (6)
            ["Teenagers aged 13 to 17", 2],  # A's 2013-03 (13) and E's 2009-01 (17)
            ["Children aged 0 to 17, together", 6],
            ["Adults (18 and over)", 3],  # A's and B's parents, E's 2008-03 (18)
            ["Expected births", 1],
            ["Age not recorded", 1],
        ],
        ["All members", 11],
    )


def test_age_groups_computed_in_the_database_agree_with_age_on(report, quarter):
    reached = [quarter.families[key] for key in "ABCE"]
    ages = [
        member.age_on(QUARTER.end)
        for member in Member.objects.across_organizations("test").filter(
            family__in=reached, expected=False
        )
        if member.birth_year is not None
    ]
    groups = dict(report.table("members").rows)
    assert [
        groups["Children aged 0 to 5"],
        groups["Children aged 6 to 12"],
        groups["Teenagers aged 13 to 17"],
        groups["Adults (18 and over)"],
    ] == [
        sum(0 <= age <= 5 for age in ages),
        sum(6 <= age <= 12 for age in ages),
        sum(13 <= age <= 17 for age in ages),
        sum(age >= 18 for age in ages),
    ]


def test_outreach_activities_by_strategy(report):
    assert rows(report, "outreach") == (
        [
            ["Park or playground", 2, d("1.5"), 17, 2],  # one activity without a duration
            ["Food bank or dépannage", 1, d("2.0"), 20, 3],
            ["=Marché public", 1, d("1.0"), 8, 1],
        ],
        ["Total", 4, d("4.5"), 45, 6],
    )


def test_contacts_and_hours_by_mode(report):
    assert rows(report, "contacts") == (
        [
            ["Home visit", 2, 1, d("1.8")],  # 45 + 60 minutes
            ["Phone or text message", 1, 1, d("0.3")],  # 15 minutes, half up
            ["Accompaniment to an appointment", 1, 1, d("1.5")],
            ["Group activity", 1, 1, d("2.0")],
        ],
        ["Total", 5, 3, d("5.5")],
    )


def test_referrals_by_status_and_need(report):
    assert rows(report, "referrals") == (
        [
            ["Proposed", 1],
            ["Service received", 2],
            ["Not used", 1],
            ["Refused by the service", 1],
            ["Withdrawn", 1],
        ],
        ["Total", 6],
    )
    assert rows(report, "referral_needs") == (
        [["Housing", 2, 1], ["Food", 2, 1], ["Childcare and halte-garderie", 2, 0]],
        ["Total", 6, 2],
    )


def test_uptake_and_reasons_for_non_use(report):
    uptake, _total = rows(report, "uptake")
    assert [value for _label, value in uptake] == [
        4,  # received twice, not used once, refused once; the withdrawn and open ones left out
        2,
        1,
        1,
        d("50.0"),
        d("22.5"),  # median of 35 days (R1) and 10 days (R3)
    ]
    assert rows(report, "non_use") == ([["Eligibility criteria", 1], ["Transport", 1]], None)


def test_confirmed_and_resolved_gaps_by_need_and_cause(report):
    # Childcare/transport: 2 added + R2's family, and 1 added; housing/waiting list: the
    # families of R1 (A) and R4 (C). The suggestion and December's gap are left out.
    assert rows(report, "gaps") == (
        [
            ["Housing", "Waiting list", 1, 2],
            ["Childcare and halte-garderie", "Transport", 2, 4],
        ],
        ["Total", "", 3, 6],
    )


def test_time_by_kind_of_activity(report):
    # 330 + 115 + 270 + 90 + 60 = 865 minutes.
    assert rows(report, "time") == (
        [
            ["Contacts with families", d("5.5"), d("38.2")],
            ["Travel for contacts", d("1.9"), d("13.3")],
            ["Outreach activities", d("4.5"), d("31.2")],
            ["Collaborations with partners", d("1.5"), d("10.4")],
            ["Out-of-mandate requests accepted", d("1.0"), d("6.9")],
        ],
        ["Total", d("14.4"), d("100.0")],
    )


def test_travel(report):
    assert [value for _label, value in rows(report, "travel")[0]] == [
        4,  # the phone call had no travel
        115,  # 25 + 30 + 40 + 20 minutes
        d("1.9"),
        d("60.9"),  # 10.0 + 12.5 + 30.0 + 8.4 km
        d("15.2"),
        d("28.8"),
    ]


def test_the_report_names_no_family(report, org):
    from maillage.families.models import Family

    codes = set(Family.objects.for_org(org).values_list("code", flat=True))
    cells = {
        str(cell)
        for table in report.tables
        for row in [*table.rows, table.total or []]
        for cell in row
    }
    assert not codes & cells


def test_an_empty_period_gives_zeros_and_no_rate(org):
    with translation.override("en"):
        report = participation_report(org, QUARTER)
    assert report.table("families").total == ["Families reached", 0]
    assert report.table("uptake").rows[4] == ["Uptake rate (%)", None]
    assert report.table("time").total == ["Total", d("0.0"), None]


def test_the_query_count_does_not_grow_with_the_rows(org, ptp, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        participation_report(org, QUARTER)
    make_quarter(org, ptp)
    with django_assert_num_queries(QUERIES):
        participation_report(org, QUARTER)


#: families, members, outreach, contacts (2), referrals (status, need, outcomes and the rate
#: from them, median, reasons), gaps, time (contacts, outreach, collaborations, requests).
QUERIES = 15
