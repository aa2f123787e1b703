"""A first quarter (2026-01-01 to 2026-03-31) of one organization's work, small enough to
count by hand. The expected numbers are written out in ``test_report_numbers.py``.

Rows are built through the services where the services allow past dates, and dated with a
queryset ``update`` where they stamp "today" (a family's creation, a referral's day).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from maillage.core.periods import Period
from maillage.families.models import Family
from maillage.gaps.models import ServiceGap
from maillage.outreach.models import OutreachActivity, Strategy
from maillage.outreach.services import add_strategy
from maillage.referrals.models import Referral, ReferralEvent
from maillage.referrals.services import change_status
from maillage.testing.builders import make_family
from maillage.testing.builders.accompaniment import make_contact
from maillage.testing.builders.collaboration import make_collaboration, make_request
from maillage.testing.builders.gaps import make_gap
from maillage.testing.builders.referrals import make_referral

QUARTER = Period.quarter(2026, 1)
LOCAL = ZoneInfo("America/Toronto")
D_ = datetime.date


def _created(family, year, month, day, hour=12, minute=0):
    moment = datetime.datetime(year, month, day, hour, minute, tzinfo=LOCAL)
    Family.objects.for_org(family.organization).filter(pk=family.pk).update(created_at=moment)


def _family(org, worker, created, members=()):
    family = make_family(org, worker, members=members)
    _created(family, *created)
    return family


def _member(role, year=None, month=None, expected=False):
    return {"role": role, "birth_year": year, "birth_month": month, "expected": expected}


def _referral(family, worker, need, created_on, steps):
    """A referral made on ``created_on``, then moved through ``steps`` = [(status, on, reason)]."""
    referral = make_referral(family, worker, need=need)
    Referral.objects.across_organizations("test").filter(pk=referral.pk).update(
        created_on=created_on
    )
    ReferralEvent.objects.across_organizations("test").filter(referral=referral).update(
        on=created_on
    )  # "proposed"
    referral.refresh_from_db()
    for status, on, reason in steps:
        change_status(worker, referral, status, reason, on=on)
        referral.refresh_from_db()
    return referral


def _walk(outcome_on, outcome, reason=""):
    return [
        ("accepted", outcome_on - datetime.timedelta(days=5), ""),
        ("requested", outcome_on - datetime.timedelta(days=4), ""),
        (outcome, outcome_on, reason),
    ]


def _activity(org, worker, strategy, day, minutes, people, families):
    return OutreachActivity.objects.create(
        organization=org,
        worker=worker,
        strategy=strategy,
        date=day,
        duration_minutes=minutes,
        people_met=people,
        families_reached=families,
    )


@dataclass
class Quarter:
    families: dict
    referrals: dict


def make_quarter(org, ptp, *, other_org=None, other_worker=None) -> Quarter:
    """The first quarter of 2026 of ``org``; with ``other_org``, the same kinds of rows there,
    which must count for nothing in ``org``'s report."""
    families = {
        # Known since October; two contacts in the quarter.
        "A": _family(
            org,
            ptp,
            (2025, 10, 10),
            [
                _member("parent", 1990, 2),
                _member("child", 2023, 5),  # 2 on March 31
                _member("child", 2020),  # month unknown (July): still 5 on March 31
                _member("teenager", 2013, 3),  # 13 since March 1st
            ],
        ),
        # New at half past midnight on January 1st, local time; no contact.
        "B": _family(
            org,
            ptp,
            (2026, 1, 1, 0, 30),
            [
                _member("parent", 1985, 4),
                _member("child", 2014, 4),  # 11: 12 only in April
                _member("child", 2026, 6, expected=True),
            ],
        ),
        # New in February; two contacts.
        "C": _family(
            org,
            ptp,
            (2026, 2, 20),
            [_member("grandparent"), _member("child", 2020, 3)],  # age unknown; 6
        ),
        # Known, last seen in December: not reached this quarter.
        "D": _family(org, ptp, (2025, 6, 1), [_member("child", 2022, 1)]),
        # Known since September; one contact on the last day of the quarter.
        "E": _family(
            org,
            ptp,
            (2025, 9, 1),
            [_member("teenager", 2009, 1), _member("parent", 2008, 3)],  # 17; 18
        ),
        # New after the quarter.
        "F": _family(org, ptp, (2026, 4, 1), [_member("child", 2021)]),
        # Created at half past eleven on New Year's Eve, local time (already January 1st in
        # UTC): not new this quarter, and without a contact not reached.
        "G": _family(org, ptp, (2025, 12, 31, 23, 30), [_member("child", 2024, 2)]),
    }
    A, B, C, D, E, F = (families[key] for key in "ABCDEF")
    make_contact(
        A,
        ptp,
        date=D_(2026, 1, 5),
        mode="home_visit",
        duration_minutes=45,
        travel_minutes=25,
        distance_km=Decimal("10.0"),
    )
    make_contact(
        A,
        ptp,
        date=D_(2026, 2, 10),
        mode="home_visit",
        duration_minutes=60,
        travel_minutes=30,
        distance_km=Decimal("12.5"),
    )
    make_contact(C, ptp, date=D_(2026, 3, 5), mode="phone", duration_minutes=15)
    make_contact(
        C,
        ptp,
        date=D_(2026, 3, 20),
        mode="appointment",
        duration_minutes=90,
        travel_minutes=40,
        distance_km=Decimal("30.0"),
    )
    make_contact(
        E,
        ptp,
        date=D_(2026, 3, 31),
        mode="group",
        duration_minutes=120,
        travel_minutes=20,
        distance_km=Decimal("8.4"),
    )
    make_contact(
        D,
        ptp,
        date=D_(2025, 12, 20),
        mode="home_visit",
        duration_minutes=50,
        travel_minutes=10,
        distance_km=Decimal("5.0"),
    )
    make_contact(F, ptp, date=D_(2026, 4, 2), mode="phone", duration_minutes=10)

    park = Strategy.objects.for_org(org).get(default="park")
    food_bank = Strategy.objects.for_org(org).get(default="food_bank")
    market = add_strategy(ptp, org, "=Marché public")  # a name a spreadsheet would run
    _activity(org, ptp, park, D_(2026, 1, 20), 90, 12, 2)
    _activity(org, ptp, park, D_(2026, 2, 15), None, 5, 0)
    _activity(org, ptp, food_bank, D_(2026, 3, 10), 120, 20, 3)
    _activity(org, ptp, market, D_(2026, 3, 30), 60, 8, 1)
    _activity(org, ptp, park, D_(2025, 12, 31), 60, 4, 1)

    referrals = {
        "R1": _referral(A, ptp, "housing", D_(2026, 1, 10), _walk(D_(2026, 2, 14), "received")),
        "R2": _referral(
            B, ptp, "childcare", D_(2026, 2, 1), _walk(D_(2026, 3, 1), "not_used", "transport")
        ),
        "R3": _referral(C, ptp, "food", D_(2026, 3, 1), _walk(D_(2026, 3, 11), "received")),
        "R4": _referral(C, ptp, "housing", D_(2026, 3, 15), []),
        "R5": _referral(
            E, ptp, "childcare", D_(2026, 2, 10), _walk(D_(2026, 3, 20), "refused", "eligibility")
        ),
        "R6": _referral(A, ptp, "food", D_(2026, 1, 20), [("withdrawn", D_(2026, 1, 25), "")]),
        "R7": _referral(D, ptp, "food", D_(2025, 12, 15), _walk(D_(2026, 1, 10), "received")),
    }

    gaps = [
        (make_gap(org, need="childcare", cause="transport", families_added=2), (2026, 3, 5)),
        (
            make_gap(org, need="childcare", cause="transport", status="resolved", families_added=1),
            (2026, 2, 1),
        ),
        (make_gap(org, need="housing", cause="waiting_list"), (2026, 1, 31)),
        (make_gap(org, need="food", cause="cost", status="suggested"), (2026, 2, 2)),
        (make_gap(org, need="food", cause="cost", families_added=4), (2025, 12, 1)),
    ]
    gaps[0][0].referrals.add(referrals["R2"])
    gaps[2][0].referrals.add(referrals["R1"], referrals["R4"])
    for gap, (year, month, day) in gaps:
        ServiceGap.objects.for_org(org).filter(pk=gap.pk).update(
            created_at=datetime.datetime(year, month, day, 12, tzinfo=LOCAL)
        )

    make_collaboration(org, ptp, date=D_(2026, 3, 10), duration_minutes=90)
    make_collaboration(org, ptp, date=D_(2026, 1, 15), duration_minutes=None)
    make_collaboration(org, ptp, date=D_(2025, 12, 1), duration_minutes=60)
    make_request(org, ptp, partner_name="CLSC", date=D_(2026, 2, 5), minutes_spent=60)
    make_request(
        org, ptp, partner_name="CLSC", date=D_(2026, 2, 6), minutes_spent=30, decision="declined"
    )
    make_request(org, ptp, partner_name="CLSC", date=D_(2026, 4, 1), minutes_spent=45)

    if other_org is not None:
        _other_organization(other_org, other_worker)
    return Quarter(families=families, referrals=referrals)


def _other_organization(org, worker):
    family = _family(org, worker, (2026, 2, 1), [_member("child", 2022, 1)])
    make_contact(
        family,
        worker,
        date=D_(2026, 2, 2),
        mode="home_visit",
        duration_minutes=30,
        travel_minutes=15,
        distance_km=Decimal("7.0"),
    )
    park = Strategy.objects.for_org(org).get(default="park")
    _activity(org, worker, park, D_(2026, 2, 3), 60, 9, 1)
    _referral(family, worker, "food", D_(2026, 2, 4), _walk(D_(2026, 2, 20), "received"))
    gap = make_gap(org, need="food", cause="cost", families_added=3)
    ServiceGap.objects.for_org(org).filter(pk=gap.pk).update(
        created_at=datetime.datetime(2026, 2, 5, 12, tzinfo=LOCAL)
    )
    make_collaboration(org, worker, date=D_(2026, 2, 6), duration_minutes=45)
    make_request(org, worker, partner_name="CLSC", date=D_(2026, 2, 7), minutes_spent=20)
