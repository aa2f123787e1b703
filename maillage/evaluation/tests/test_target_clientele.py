"""The target clientele: a PG defines it, the team reads it, and a family meets it or not,
the same way in Python and in SQL."""

from datetime import date

import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.evaluation.models import TargetDefinition
from maillage.families.models import Family
from maillage.testing.builders import make_family, make_municipality

from .builders import in_english, make_target
from .reference import families_meeting, meets_target

ON = date(2026, 3, 31)  # the reference day: ages are counted on it


def child(year, month=None, role="child"):
    return {"role": role, "birth_year": year, "birth_month": month}


@pytest.fixture
def households(org, ptp):
    """Families chosen around the edges of each criterion (ages on 2026-03-31)."""
    elsewhere = make_municipality(org.region, name="Sainte-Émélie")
    saint_come = org.municipalities.get()
    build = {
        # age 0
        "baby": {"members": [child(2025, 6)], "isolation": ["social"], "municipality": saint_come},
        # born April 2021: still 4 on March 31, 2026
        "four": {"members": [child(2021, 4)], "isolation": ["geographic", "cultural"]},
        # born April 2020: 5
        "five": {"members": [child(2020, 4)], "milieu": "urbain", "municipality": elsewhere},
        # born March 2020: 6 since March 1st
        "six": {"members": [child(2020, 3)], "immigration_context": "refugee"},
        # year only: taken as born in July 2020, so 5
        "year_only": {"members": [child(2020)], "interpreter_needed": True},
        "expected": {"members": [{"role": "child", "expected": True}], "isolation": ["distrust"]},
        "unknown_age": {"members": [{"role": "child"}], "immigration_context": "recent"},
        "teenager": {"members": [child(2012, 7, "teenager")], "milieu": "urbain"},
        # a parent of 4 years old is not a child (the role counts, not only the age)
        "parent_only": {"members": [child(2021, 8, "parent")], "isolation": ["social", "cultural"]},
        # born after the reference day: no age yet
        "later": {"members": [child(2026, 9)]},
    }
    return {name: make_family(org, ptp, **values) for name, values in build.items()}


def names_meeting(households, definition):
    by_pk = {family.pk: name for name, family in households.items()}
    sql = {
        by_pk[pk]
        for pk in families_meeting(
            definition, Family.objects.for_org(definition.organization), ON
        ).values_list("pk", flat=True)
    }
    python = {
        name
        for name, family in households.items()
        if meets_target(
            Family.objects.for_org(family.organization).get(pk=family.pk), definition, ON
        )
    }
    assert sql == python, "the SQL and Python versions disagree"
    return sql


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # 0 to 5, an expected birth counting as 0
        ({}, {"baby", "four", "five", "year_only", "expected"}),
        ({"expected_birth_counts": False}, {"baby", "four", "five", "year_only"}),
        ({"child_age_min": 6, "child_age_max": 17}, {"six", "teenager"}),
        ({"child_age_min": 5, "child_age_max": None}, {"five", "six", "year_only", "teenager"}),
        (
            {"child_age_min": None, "child_age_max": None, "isolation": ["social", "cultural"]},
            {"baby", "four", "parent_only"},
        ),
        # The organization is rural: a family without a milieu of its own is rural.
        (
            {"child_age_min": None, "child_age_max": None, "milieux": ["rural"]},
            {"baby", "four", "six", "year_only", "expected", "unknown_age", "parent_only", "later"},
        ),
        (
            {"child_age_min": None, "child_age_max": None, "immigration_contexts": ["refugee"]},
            {"six"},
        ),
        ({"child_age_min": None, "child_age_max": None, "interpreter_needed": True}, {"year_only"}),
        # every criterion set must be met
        ({"isolation": ["social", "geographic"]}, {"baby", "four"}),
        ({"milieux": ["urbain"]}, {"five"}),
    ],
)
def test_a_family_meets_the_target_the_same_way_in_python_and_in_sql(
    org, pg, households, values, expected
):
    definition = make_target(org, pg, **values)

    assert names_meeting(households, definition) == expected


def test_the_municipality_criterion_is_any_of_the_listed_municipalities(org, pg, households):
    definition = make_target(
        org,
        pg,
        child_age_min=None,
        child_age_max=None,
        municipalities=[org.municipalities.get()],
    )

    assert names_meeting(households, definition) == {"baby"}


def test_a_family_of_another_organization_never_meets_the_target(org, pg, other_org, outsider):
    definition = make_target(org, pg, child_age_min=None, child_age_max=None, milieux=["urbain"])
    family = make_family(other_org, outsider, members=[child(2024, 1)])

    assert not meets_target(family, definition, ON)
    assert not families_meeting(definition, Family.objects.across_organizations("test"), ON).filter(
        pk=family.pk
    )


# The pages ------------------------------------------------------------------------------------

FORM = {
    "name": "Familles isolées 0-5",
    "valid_from": "2026-01-01",
    "child_age_min": "0",
    "child_age_max": "5",
    "expected_birth_counts": "on",
    "isolation": ["social", "geographic"],
    "estimated_population": "180",
    "population_source": "Recensement 2021, portrait du CISSS",
    "population_estimated_on": "2025-06-01",
}


def test_manager_defines_the_target_clientele_and_it_is_audited(pg, pg_client, org):
    response = pg_client.post(reverse("evaluation:target_new"), FORM)

    definition = TargetDefinition.objects.for_org(org).get()
    assert response.status_code == 302
    assert response.url == reverse("evaluation:target_detail", args=[definition.uuid])
    assert definition.isolation == ["social", "geographic"]
    assert definition.estimated_population == 180
    event = AuditEvent.objects.for_org(org).get(action="evaluation.target.created")
    assert event.object_uuid == definition.uuid
    assert "isolation" in event.changed_fields
    page = pg_client.get(response.url).content.decode()
    assert "Familles isolées 0-5" in page
    assert "Recensement 2021, portrait du CISSS" in page


def test_manager_edits_the_target_and_the_audit_names_the_changed_fields(pg, pg_client, org):
    definition = make_target(org, pg, name="Première version")

    response = pg_client.post(
        reverse("evaluation:target_edit", args=[definition.uuid]),
        FORM | {"valid_from": "2020-01-01", "name": "Deuxième version"},
    )

    assert response.status_code == 302
    definition.refresh_from_db()
    assert definition.name == "Deuxième version"
    event = AuditEvent.objects.for_org(org).get(action="evaluation.target.updated")
    assert set(event.changed_fields) == {
        "estimated_population",
        "isolation",
        "name",
        "population_estimated_on",
        "population_source",
    }


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(pg_client, org):
    response = in_english(pg_client).post(
        reverse("evaluation:target_new"),
        FORM | {"child_age_min": "6", "child_age_max": "5", "population_source": ""},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert not TargetDefinition.objects.for_org(org).exists()
    assert "The oldest age comes before the youngest." in page
    assert "Say where the estimate comes from, so it can be checked." in page
    assert 'value="Familles isolées 0-5"' in page


def test_two_definitions_cannot_be_in_force_on_the_same_day(pg, pg_client, org):
    make_target(org, pg, name="En vigueur", valid_from=date(2025, 1, 1))

    response = pg_client.post(reverse("evaluation:target_new"), FORM)

    assert response.status_code == 200
    assert TargetDefinition.objects.for_org(org).count() == 1
    assert "En vigueur" in response.content.decode()


def test_a_new_definition_may_follow_one_that_ended(pg, pg_client, org):
    make_target(org, pg, valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31))

    response = pg_client.post(reverse("evaluation:target_new"), FORM)

    assert response.status_code == 302
    assert TargetDefinition.objects.for_org(org).count() == 2


def test_an_outreach_worker_reads_the_target_but_may_not_change_it(pg, ptp_client, org):
    definition = make_target(org, pg, name="Lue par toute l’équipe")

    listing = ptp_client.get(reverse("evaluation:targets"))
    detail = ptp_client.get(reverse("evaluation:target_detail", args=[definition.uuid]))

    assert "Lue par toute l’équipe" in listing.content.decode()
    assert detail.status_code == 200
    assert reverse("evaluation:target_edit", args=[definition.uuid]) not in detail.content.decode()
    assert ptp_client.get(reverse("evaluation:target_new")).status_code == 403
    assert (
        ptp_client.post(reverse("evaluation:target_edit", args=[definition.uuid]), FORM).status_code
        == 403
    )


def test_the_outsider_gets_404_on_the_target_of_another_organization(pg, outsider_client, org):
    definition = make_target(org, pg)

    for name in ("evaluation:target_detail", "evaluation:target_edit"):
        assert outsider_client.get(reverse(name, args=[definition.uuid])).status_code == 404
    assert (
        "Familles isolées"
        not in outsider_client.get(reverse("evaluation:targets")).content.decode()
    )
