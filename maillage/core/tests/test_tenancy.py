from pathlib import Path

import pytest

from maillage.accounts.models import Invitation, Membership
from maillage.audit.models import AuditEvent
from maillage.core.tenancy import UnscopedTenantQuery

PACKAGE = Path(__file__).resolve().parents[2]


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
