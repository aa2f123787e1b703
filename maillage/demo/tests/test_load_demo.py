"""The fictional demo: loaded once by ``make run``."""

from django.core.management import call_command

from maillage.accounts.models import Membership, Role
from maillage.evaluation.models import TargetDefinition
from maillage.families.models import Family
from maillage.organizations.models import Organization
from maillage.outreach.models import OutreachActivity


def test_the_demo_loads_once(capsys, db):
    call_command("load_demo")
    assert Organization.objects.count() == 3
    assert {o.milieu for o in Organization.objects.all()} == {"rural", "urbain", "mixte"}
    everyone = Membership.objects.across_organizations("the demo spans organizations")
    assert everyone.filter(role=Role.PG).count() == 3
    assert everyone.filter(role=Role.PTP).count() == 6
    assert everyone.filter(role=Role.EVALUATOR).count() == 1
    assert everyone.filter(role=Role.ADMIN).count() == 1
    assert all("fictif" in o.name or "fictive" in o.name for o in Organization.objects.all())
    for organization in Organization.objects.all():
        families = Family.objects.for_org(organization)
        assert families.count() == 4
        assert all(f.contacts.count() == 2 and f.priorities.count() == 1 for f in families)
        assert OutreachActivity.objects.for_org(organization).count() == 6
        # The evaluation's first questions compare with a target clientele in force.
        assert TargetDefinition.objects.for_org(organization).filter(valid_to=None).count() == 1
    call_command("load_demo")
    assert Organization.objects.count() == 3
    assert "demo-maillage-2026" in capsys.readouterr().out
