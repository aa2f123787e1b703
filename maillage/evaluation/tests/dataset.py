"""The hand-computed dataset of questions 1 to 4.

The expected answers are worked out by hand in ``test_q1_*.py`` … ``test_q4_*.py`` from the
tables below; change a row here and the comments there must change with it.

The period is the third quarter of 2025 (``PERIOD``: 2025-07-01 to 2025-09-30); ages are
counted on its last day. Every date is in 2025, long past, so "still accompanied 91 days
later" can be observed for every family whatever the day the suite runs.
``copies=2`` builds every family and activity twice: the query counts of the question pages
must not change.

Organization A (``org``, rural, worker ``ptp``). Target clientele in force (from 2020):
children 0 to 5 (an expected birth counts), isolation social or geographic; 40 families
estimated. Strategies: the defaults, and its own "Épicerie solidaire".

======  ==========  ===============  ==========  ===========  ==================  =========
family  opened on   strategy         who opened  child born   isolation           stats
======  ==========  ===============  ==========  ===========  ==================  =========
A1      2025-07-10  park             parent      2023-05 (2)  social              yes
A2      2025-08-05  park             parent      2019-01 (6)  geographic          yes
A3      2025-08-15  door-to-door     teenager    2024-02 (1)  —                   yes
A4      2025-03-01  door-to-door     grandparent 2022-11 (2)  social, cultural    yes
A5      2025-09-10  food bank        neighbour   expected     geographic          withdrawn
A6      2025-07-25  Épicerie sol.    partner     2021-06 (4)  social              none
A7      2024-05-01  park             parent      2023-01 (2)  social              yes
A8      2025-09-25  (not recorded)   (none)      (no member)  —                   yes
======  ==========  ===============  ==========  ===========  ==================  =========

Statuses: A1 accompanied 2025-07-20 (and since). A3 accompanied 2025-09-01, closed
2025-10-15. A4 accompanied 2025-04-01. A5 accompanied 2025-09-20, paused 2025-11-01,
accompanied again 2025-11-20. The others never accompanied.
Contacts: A4 on 2025-08-20 (its only contact; A7 has none).
A5's statistics consent was given on 2025-09-10 and withdrawn on 2025-10-01.

Outreach of A in the period: park 90 min (07-05) and 30 min (08-01); door-to-door 60 min
(08-10) and one without a duration (08-12); food bank 120 min (09-05); Épicerie solidaire
45 min (07-20); "other" 30 min (08-25). Outside the period: park 300 min (06-30).

Organization B (``other_org``, urban, worker and manager ``outsider``). Target clientele:
children 0 to 12, milieu urbain; 100 families estimated. Both families consent to statistics.

- B1: opened 2025-07-15 through the park, a parent opened the door, a child born 2015-01
  (10); accompanied 2025-08-01 and since.
- B2: opened 2025-08-20 door-to-door, a teenager born 2010-05 (15) opened the door.
- Outreach: park 60 min (07-10); its own strategy "épicerie SOLIDAIRE" 30 min (08-01).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from maillage.core.periods import Period
from maillage.outreach.models import DefaultStrategy, OutreachActivity, Strategy
from maillage.outreach.services import add_strategy

from .builders import dated_family, make_target

PERIOD = Period.quarter(2025, 3)
#: The query string of the period, for the pages.
QUERY = {"kind": "quarter", "year": "2025", "quarter": "3"}


@dataclass
class Dataset:
    families: dict = field(default_factory=dict)  # name -> list of families (one per copy)

    @property
    def codes(self) -> list[str]:
        return [family.code for copies in self.families.values() for family in copies]


def _strategy(org, code):
    return Strategy.objects.for_org(org).get(default=code)


def _child(year, month, role="child"):
    return {"role": role, "birth_year": year, "birth_month": month}


def _outreach(org, worker, strategy, day, minutes):
    OutreachActivity.objects.create(
        organization=org,
        worker=worker,
        strategy=strategy,
        date=day,
        duration_minutes=minutes,
        people_met=3,
    )


def build(org, ptp, pg, other_org, outsider, *, copies: int = 1) -> Dataset:
    data = Dataset()
    park, door = _strategy(org, DefaultStrategy.PARK), _strategy(org, DefaultStrategy.DOOR_TO_DOOR)
    food, other = _strategy(org, DefaultStrategy.FOOD_BANK), _strategy(org, DefaultStrategy.OTHER)
    epicerie = add_strategy(pg, org, "Épicerie solidaire")
    make_target(
        org,
        pg,
        name="Familles isolées 0-5 ans",
        isolation=["social", "geographic"],
        estimated_population=40,
        population_source="Recensement 2021",
        population_estimated_on=date(2024, 6, 1),
    )
    b_park, b_door = (
        _strategy(other_org, DefaultStrategy.PARK),
        _strategy(other_org, DefaultStrategy.DOOR_TO_DOOR),
    )
    b_epicerie = add_strategy(outsider, other_org, "épicerie SOLIDAIRE")
    make_target(
        other_org,
        outsider,
        name="Familles 0-12 ans en ville",
        child_age_max=12,
        milieux=["urbain"],
        estimated_population=100,
        population_source="Portrait du CIUSSS",
    )
    accompanied = "accompanied"
    rows = {
        "A1": {
            "opened_on": date(2025, 7, 10),
            "origin_strategy": park,
            "entry_point": "parent",
            "members": [_child(2023, 5)],
            "isolation": ["social"],
            "statuses": [(date(2025, 7, 20), accompanied)],
            "statistics": date(2025, 7, 10),
        },
        "A2": {
            "opened_on": date(2025, 8, 5),
            "origin_strategy": park,
            "entry_point": "parent",
            "members": [_child(2019, 1)],
            "isolation": ["geographic"],
            "statistics": date(2025, 8, 5),
        },
        "A3": {
            "opened_on": date(2025, 8, 15),
            "origin_strategy": door,
            "entry_point": "teenager",
            "members": [_child(2024, 2)],
            "statuses": [(date(2025, 9, 1), accompanied), (date(2025, 10, 15), "closed")],
            "statistics": date(2025, 8, 15),
        },
        "A4": {
            "opened_on": date(2025, 3, 1),
            "origin_strategy": door,
            "entry_point": "grandparent",
            "members": [_child(2022, 11)],
            "isolation": ["social", "cultural"],
            "statuses": [(date(2025, 4, 1), accompanied)],
            "contacts": [date(2025, 8, 20)],
            "statistics": date(2025, 3, 1),
        },
        "A5": {
            "opened_on": date(2025, 9, 10),
            "origin_strategy": food,
            "entry_point": "neighbour",
            "members": [{"role": "child", "expected": True}],
            "isolation": ["geographic"],
            "statuses": [
                (date(2025, 9, 20), accompanied),
                (date(2025, 11, 1), "paused"),
                (date(2025, 11, 20), accompanied),
            ],
            "statistics": {"given_on": date(2025, 9, 10), "withdrawn_on": date(2025, 10, 1)},
        },
        "A6": {
            "opened_on": date(2025, 7, 25),
            "origin_strategy": epicerie,
            "entry_point": "partner",
            "members": [_child(2021, 6)],
            "isolation": ["social"],
        },
        "A7": {
            "opened_on": date(2024, 5, 1),
            "origin_strategy": park,
            "entry_point": "parent",
            "members": [_child(2023, 1)],
            "isolation": ["social"],
            "statistics": date(2024, 5, 1),
        },
        "A8": {"opened_on": date(2025, 9, 25), "statistics": date(2025, 9, 25)},
    }
    b_rows = {
        "B1": {
            "opened_on": date(2025, 7, 15),
            "origin_strategy": b_park,
            "entry_point": "parent",
            "members": [_child(2015, 1)],
            "statuses": [(date(2025, 8, 1), accompanied)],
            "statistics": date(2025, 7, 15),
        },
        "B2": {
            "opened_on": date(2025, 8, 20),
            "origin_strategy": b_door,
            "entry_point": "teenager",
            "members": [_child(2010, 5, "teenager")],
            "statistics": date(2025, 8, 20),
        },
    }
    for _copy in range(copies):
        for name, values in rows.items():
            data.families.setdefault(name, []).append(dated_family(org, ptp, **values))
        for name, values in b_rows.items():
            data.families.setdefault(name, []).append(dated_family(other_org, outsider, **values))
        for strategy, day, minutes in [
            (park, date(2025, 7, 5), 90),
            (park, date(2025, 8, 1), 30),
            (door, date(2025, 8, 10), 60),
            (door, date(2025, 8, 12), None),
            (food, date(2025, 9, 5), 120),
            (epicerie, date(2025, 7, 20), 45),
            (other, date(2025, 8, 25), 30),
            (park, date(2025, 6, 30), 300),
        ]:
            _outreach(org, ptp, strategy, day, minutes)
        _outreach(other_org, outsider, b_park, date(2025, 7, 10), 60)
        _outreach(other_org, outsider, b_epicerie, date(2025, 8, 1), 30)
    return data
