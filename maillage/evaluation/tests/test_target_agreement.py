"""Property: for any household and any target definition, ``meets_target`` (Python) and
``families_meeting`` (SQL) give the same answer, on any reference day.

The hand-picked edges are in ``test_target_clientele.py``; this explores the rest.
"""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.families.models import (
    Family,
    ImmigrationContext,
    Isolation,
    Member,
    MemberRole,
)
from maillage.organizations.models import Milieu
from maillage.testing.builders import make_municipality

from .builders import make_target
from .reference import families_meeting, meets_target

ISOLATION = [value for value, _label in Isolation.choices]
MILIEUX = [value for value, _label in Milieu.choices]
CONTEXTS = [value for value, _label in ImmigrationContext.choices]

members = st.lists(
    st.fixed_dictionaries(
        {
            "role": st.sampled_from(
                [MemberRole.CHILD, MemberRole.TEENAGER, MemberRole.PARENT, MemberRole.OTHER]
            ),
            "birth_year": st.none() | st.integers(2000, 2027),
            "birth_month": st.none() | st.integers(1, 12),
            "expected": st.booleans(),
        }
    ),
    max_size=3,
)
households = st.lists(
    st.fixed_dictionaries(
        {
            "members": members,
            "isolation": st.lists(st.sampled_from(ISOLATION), unique=True, max_size=3),
            "milieu": st.sampled_from(MILIEUX),
            "immigration_context": st.sampled_from(["", *CONTEXTS]),
            "interpreter_needed": st.booleans(),
            "municipality": st.sampled_from([None, 0, 1]),
        }
    ),
    min_size=1,
    max_size=4,
)


@st.composite
def definitions(draw):
    youngest = draw(st.none() | st.integers(0, 12))
    oldest = draw(st.none() | st.integers(youngest or 0, 17))
    return {
        "child_age_min": youngest,
        "child_age_max": oldest,
        "expected_birth_counts": draw(st.booleans()),
        "isolation": draw(st.lists(st.sampled_from(ISOLATION), unique=True, max_size=2)),
        "milieux": draw(st.lists(st.sampled_from(MILIEUX), unique=True, max_size=2)),
        "immigration_contexts": draw(st.lists(st.sampled_from(CONTEXTS), unique=True, max_size=2)),
        "interpreter_needed": draw(st.booleans()),
        "municipalities": draw(st.sampled_from([[], [0], [0, 1]])),
    }


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    households=households,
    values=definitions(),
    on=st.sampled_from([date(2026, 3, 31), date(2026, 1, 1), date(2025, 12, 31)]),
)
def test_python_and_sql_agree_on_who_meets_the_target(org, pg, households, values, on):
    places = [org.municipalities.get(), make_municipality(org.region)]
    with transaction.atomic():
        families = []
        for household in households:
            chosen = household["municipality"]
            family = Family.objects.create(
                organization=org,
                created_by=pg,
                milieu=household["milieu"],
                isolation=household["isolation"],
                immigration_context=household["immigration_context"],
                interpreter_needed=household["interpreter_needed"],
                municipality=None if chosen is None else places[chosen],
            )
            for member in household["members"]:
                Member.objects.create(family=family, **member)
            families.append(family)
        wanted = [places[index] for index in values["municipalities"]]
        definition = make_target(org, pg, **(values | {"municipalities": wanted}))

        sql = set(
            families_meeting(definition, Family.objects.for_org(org), on).values_list(
                "pk", flat=True
            )
        )
        python = {
            family.pk
            for family in Family.objects.for_org(org).prefetch_related("members")
            if meets_target(family, definition, on)
        }
        transaction.set_rollback(True)

    assert sql == python
