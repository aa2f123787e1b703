from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import Exists, OuterRef

from maillage.accompaniment.models import Step
from maillage.accounts.models import Invitation, Membership
from maillage.audit.models import AuditEvent
from maillage.core.tenancy import TenantModel, UnscopedTenantQuery
from maillage.families.models import Family, Member
from maillage.organizations.models import Organization
from maillage.testing.builders import make_family
from maillage.testing.builders.accompaniment import make_priority, make_step

PACKAGE = Path(__file__).resolve().parents[2]


def _reaches_tenant(model, seen=()) -> bool:
    """The model has a chain of foreign keys (or one-to-one keys) to an organization or a
    family: its rows are some organization's data."""
    for field in model._meta.concrete_fields:
        target = field.related_model if field.many_to_one or field.one_to_one else None
        if target is None or target in seen or target is model:
            continue
        if target in (Organization, Family) or _reaches_tenant(target, (*seen, model)):
            return True
    return False


#: Every model of the project holding family or organization data, found in the app registry.
TENANT_MODELS = sorted(
    (
        model
        for model in apps.get_models()
        if model.__module__.startswith("maillage.") and _reaches_tenant(model)
    ),
    key=lambda model: model._meta.label,
)


def _field_at_end_of(model, path):
    field = None
    for name in path.split("__"):
        field = model._meta.get_field(name)
        model = field.related_model
    return field


def test_the_registry_walk_finds_the_tenant_tables():
    """The walk is not vacuous: it finds the family's rows, the referral's and the rest."""
    labels = {model._meta.label for model in TENANT_MODELS}
    assert {
        "families.Family",
        "families.Member",
        "accompaniment.Contact",
        "accompaniment.Step",
        "referrals.Referral",
        "referrals.ReferralEvent",
        "partners.Location",
        "collaboration.Connection",
        "accounts.Membership",
    } <= labels
    assert "organizations.Organization" not in labels


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda model: model._meta.label)
def test_every_table_of_family_or_organization_data_is_scoped(model, org):
    assert issubclass(model, TenantModel), f"{model._meta.label} must derive from TenantModel"
    # Django's internals (uniqueness checks, reverse relations) use the plain manager.
    assert model._meta.default_manager.name == "unscoped_objects"
    with pytest.raises(UnscopedTenantQuery):
        model.objects.count()
    with pytest.raises(UnscopedTenantQuery):
        list(model.objects.all())
    # The path to the organization is a real chain of keys ending on Organization, and runs.
    assert _field_at_end_of(model, model.organization_path).related_model is Organization
    assert model.objects.for_org(org).count() >= 0


@pytest.mark.parametrize("model", [Membership, Invitation, AuditEvent])
def test_an_unscoped_tenant_query_fails_loudly(model, org, ptp):
    with pytest.raises(UnscopedTenantQuery):
        list(model.objects.all())
    with pytest.raises(UnscopedTenantQuery):
        model.objects.filter(pk=1).exists()
    with pytest.raises(UnscopedTenantQuery):
        model.objects.count()


def test_scoped_queries_see_only_their_organization(org, other_org, ptp, outsider):
    assert [m.user for m in Membership.objects.for_org(org)] == [ptp]
    assert [m.user for m in Membership.objects.for_org(other_org)] == [outsider]
    assert list(Membership.objects.for_org(None)) == []


def test_looking_across_organizations_must_say_why(org, ptp, outsider):
    with pytest.raises(ValueError, match="Say why"):
        Membership.objects.across_organizations("")
    assert Membership.objects.across_organizations("a test of the escape hatch").count() == 2


def test_scoping_survives_chaining(org, ptp):
    scoped = Membership.objects.for_org(org).filter(is_active=True).order_by("role")
    assert scoped.select_related("user").exists()


def test_application_code_never_names_the_unscoped_manager():
    """``unscoped_objects`` is for Django's internals; views and services use ``objects``."""
    offending = [
        str(path)
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and "tests" not in path.parts
        and "unscoped_objects." in path.read_text(encoding="utf-8")
    ]
    assert offending == []


def test_rows_under_a_family_are_scoped_by_the_path_to_its_organization(
    org, other_org, ptp, outsider
):
    ours = make_family(org, ptp, members=[{"role": "parent", "birth_year": 1990}])
    theirs = make_family(other_org, outsider, members=[{"role": "parent", "birth_year": 1985}])
    step = make_step(make_priority(ours))
    make_step(make_priority(theirs))

    assert [m.family for m in Member.objects.for_org(org)] == [ours]
    assert [m.family for m in Member.objects.for_org(other_org)] == [theirs]
    assert list(Step.objects.for_org(org)) == [step]
    assert list(Member.objects.for_org(None)) == []


def test_rows_within_a_scoped_parent_are_scoped_and_an_unscoped_parent_is_refused(
    org, other_org, ptp, outsider
):
    ours = make_family(org, ptp, members=[{"role": "parent", "birth_year": 1990}])
    make_family(other_org, outsider, members=[{"role": "parent", "birth_year": 1985}])

    assert [m.family for m in Member.objects.within(family__in=Family.objects.for_org(org))] == [
        ours
    ]
    assert [m.family for m in Member.objects.within(family=ours)] == [ours]
    # In a correlated subquery the parent is the outer row, which its own query scopes.
    households = Exists(Member.objects.within(family=OuterRef("pk")))
    assert list(Family.objects.for_org(org).filter(households)) == [ours]
    with pytest.raises(UnscopedTenantQuery):
        Member.objects.within(family__in=Family.objects.filter(code=ours.code))
    with pytest.raises(UnscopedTenantQuery):
        Member.objects.within(family_id=ours.pk)


def test_an_empty_queryset_needs_no_scope():
    assert list(Member.objects.none()) == []
