"""The fictional dataset generator, at its tiny scale (it runs on SQLite too)."""

from collections import Counter, defaultdict
from datetime import date
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Sum

from maillage.accompaniment.models import Contact
from maillage.accounts.models import Membership
from maillage.core.taxonomy import INTERVENTION_BITS, NEED_BITS, bits_of
from maillage.demo.dataset_generator import SCALES
from maillage.evaluation.models import TargetDefinition
from maillage.families.models import Consent, Family, Member, StatusChange
from maillage.lib import referral_flow as flow
from maillage.organizations.models import Organization
from maillage.outreach.models import OutreachActivity, Strategy
from maillage.partners.models import Service
from maillage.privacy.models import PrivacyOfficer
from maillage.referrals.models import Referral, ReferralEvent
from maillage.testing import builders
from maillage.testing.shared import shared_file

END = date(2026, 6, 30)
ACROSS = "test of the generated dataset"
TINY = SCALES["tiny"]


def generate(*extra, seed=7):
    call_command(
        "generate_dataset",
        "--scale=tiny",
        f"--seed={seed}",
        f"--end-date={END.isoformat()}",
        "--fictional-municipalities",
        *extra,
        stdout=open("/dev/null", "w"),  # noqa: SIM115 - closed with the process
    )


def fingerprint():
    """What two runs must share: every family's code, path and dates, and totals of every
    generated table."""
    families = Family.objects.across_organizations(ACROSS)
    contacts = Contact.objects.across_organizations("test").aggregate(
        rows=Count("id"), minutes=Sum("duration_minutes"), km=Sum("distance_km")
    )
    return {
        "organizations": sorted(Organization.objects.values_list("name", "milieu")),
        "families": sorted(
            families.values_list(
                "uuid",
                "code",
                "status",
                "status_changed_on",
                "last_contact_on",
                "opened_on",
                "accompanied_on",
                "isolation",
            )
        ),
        "members": sorted(
            Member.objects.across_organizations("test").values_list("uuid", "role", "birth_year")
        ),
        "contacts": contacts,
        "referrals": sorted(
            Referral.objects.across_organizations("test").values_list(
                "uuid", "status", "need", "created_on"
            )
        ),
        "events": Counter(
            ReferralEvent.objects.across_organizations("test").values_list(
                "to_status", "reason", "on"
            )
        ),
    }


class Rollback(Exception):
    pass


def fingerprint_of_a_run(seed):
    """Generate inside a savepoint, take the fingerprint, and roll the run back."""
    try:
        with transaction.atomic():
            generate(seed=seed)
            result = fingerprint()
            raise Rollback
    except Rollback:
        pass
    return result


@pytest.mark.django_db
def test_the_tiny_scale_writes_the_numbers_the_scale_says():
    generate()
    assert Organization.objects.count() == TINY.organizations
    assert Family.objects.across_organizations(ACROSS).count() == TINY.families
    assert Member.objects.across_organizations("test").count() == TINY.members
    assert OutreachActivity.objects.across_organizations(ACROSS).count() == TINY.activities
    assert Contact.objects.across_organizations("test").count() == TINY.contacts
    assert Referral.objects.across_organizations("test").count() == TINY.referrals
    roles = Counter(Membership.objects.across_organizations(ACROSS).values_list("role", flat=True))
    assert roles == {"ptp": TINY.workers, "pg": TINY.organizations}


@pytest.mark.django_db
def test_every_referral_history_replays_through_the_state_machine():
    generate()
    events = defaultdict(list)
    for event in ReferralEvent.objects.across_organizations("test").order_by("on", "id"):
        events[event.referral_id].append(event)
    referrals = list(Referral.objects.across_organizations("test").all())
    assert {r.status for r in referrals} & flow.OUTCOMES  # some reached an outcome
    for referral in referrals:
        history = events[referral.pk]
        assert history[0].from_status == "" and history[0].to_status == flow.PROPOSED
        assert history[0].on == referral.created_on
        replay = flow.Flow()
        for event in history[1:]:
            assert event.from_status == replay.status
            replay.move(event.to_status, event.reason, event.on)
        assert replay.status == referral.status
        days = [event.on for event in history]
        assert days == sorted(days) and days[-1] <= END
        assert (referral.follow_up_on is not None) == (referral.status in flow.OPEN)


@pytest.mark.django_db
def test_a_family_path_and_its_dates_are_consistent():
    generate()
    latest = dict(
        Contact.objects.across_organizations("test")
        .values("family")
        .annotate(day=Max("date"))
        .values_list("family", "day")
    )
    first = dict(
        Contact.objects.across_organizations("test")
        .values("family")
        .annotate(day=Min("date"))
        .values_list("family", "day")
    )
    changes = defaultdict(list)
    for change in StatusChange.objects.across_organizations("test").order_by("changed_on", "id"):
        changes[change.family_id].append(change)
    for family in Family.objects.across_organizations(ACROSS):
        path = changes[family.pk]
        assert path[0].from_status == "" and path[0].to_status == "first_contact"
        assert [c.from_status for c in path[1:]] == [c.to_status for c in path[:-1]]
        assert path[-1].to_status == family.status
        assert path[-1].changed_on == family.status_changed_on
        assert (family.closure_reason != "") == (family.status == "closed")
        # The first contact is the day the family was met; none after it was closed.
        assert first[family.pk] == path[0].changed_on
        assert family.last_contact_on == latest[family.pk]
        # The milestones on the row match the status history they are copied from.
        assert family.opened_on == path[0].changed_on
        accompanied = [c.changed_on for c in path if c.to_status == "accompanied"]
        assert family.accompanied_on == (min(accompanied) if accompanied else None)
        if family.status == "closed":
            assert latest[family.pk] <= family.status_changed_on


@pytest.mark.django_db
def test_rows_point_within_their_own_organization():
    generate()
    worker_orgs = defaultdict(set)
    for user_id, org_id in Membership.objects.across_organizations(ACROSS).values_list(
        "user_id", "organization_id"
    ):
        worker_orgs[user_id].add(org_id)
    for family in Family.objects.across_organizations(ACROSS).select_related(
        "origin_strategy", "origin_activity"
    ):
        assert family.origin_strategy.organization_id == family.organization_id
        if family.origin_activity:
            assert family.origin_activity.organization_id == family.organization_id
            assert family.origin_activity.date <= family.status_changed_on
    for contact in Contact.objects.across_organizations("test").select_related("family"):
        assert contact.organization_id == contact.family.organization_id
        assert contact.family.organization_id in worker_orgs[contact.worker_id]
    for referral in Referral.objects.across_organizations("test").select_related(
        "family", "service__partner"
    ):
        assert referral.organization_id == referral.family.organization_id
        if referral.service_id:
            assert referral.service.partner.organization_id == referral.family.organization_id
    # An activity counts the families it reached, among the people met.
    reached = Counter(
        Family.objects.across_organizations(ACROSS)
        .exclude(origin_activity=None)
        .values_list("origin_activity_id", flat=True)
    )
    for activity in OutreachActivity.objects.across_organizations(ACROSS):
        assert activity.families_reached == reached.get(activity.pk, 0)
        assert activity.people_met >= activity.families_reached


@pytest.mark.django_db
def test_every_contact_keeps_its_lists_as_bits():
    generate()
    rows = list(
        Contact.objects.across_organizations("test").values_list(
            "needs", "interventions", "needs_bits", "interventions_bits"
        )
    )
    assert len(rows) == TINY.contacts
    for needs, interventions, needs_bits, interventions_bits in rows:
        assert needs_bits == bits_of(needs, NEED_BITS), needs
        assert interventions_bits == bits_of(interventions, INTERVENTION_BITS), interventions
    # Not all zeros: the lists hold codes, and every one of them has its bit.
    assert any(needs_bits for _n, _i, needs_bits, _ib in rows)
    assert all(interventions_bits for _n, _i, _nb, interventions_bits in rows)
    assert {code for needs, *_ in rows for code in needs} <= NEED_BITS.keys()
    assert {code for _n, interventions, *_ in rows for code in interventions} <= (
        INTERVENTION_BITS.keys()
    )


@pytest.mark.django_db
def test_families_are_pseudonymous_and_most_not_all_are_counted_in_statistics():
    generate()
    families = Family.objects.across_organizations(ACROSS)
    assert not any(family.has_identity for family in families)
    assert not Organization.objects.filter(identity_enabled=True).exists()
    assert not Contact.objects.across_organizations("test").exclude(note=None).exists()
    assert not ReferralEvent.objects.across_organizations("test").exclude(note=None).exists()
    with_statistics = (
        Consent.objects.across_organizations("test")
        .filter(purpose="statistics", withdrawn_on=None)
        .values("family")
        .distinct()
        .count()
    )
    assert 0 < with_statistics < TINY.families
    assert (
        Consent.objects.across_organizations("test").filter(purpose="file").count() == TINY.families
    )


@pytest.mark.django_db
def test_each_organization_has_the_default_strategies_and_a_directory():
    generate()
    for organization in Organization.objects.all():
        strategies = Strategy.objects.for_org(organization).exclude(default="")
        assert strategies.count() == 12
        assert (
            Service.objects.across_organizations("test")
            .filter(partner__organization=organization)
            .exists()
        )


@pytest.mark.django_db
def test_each_organization_has_one_target_definition_in_force_and_a_privacy_officer():
    generate()
    for organization in Organization.objects.all():
        definitions = list(TargetDefinition.objects.for_org(organization).order_by("valid_from"))
        in_force = [d for d in definitions if d.valid_from <= END and (d.valid_to or END) >= END]
        assert len(in_force) == 1
        for earlier, later in pairwise(definitions):
            assert earlier.valid_to is not None and earlier.valid_to < later.valid_from
        assert all(d.estimated_population for d in definitions)
        assert PrivacyOfficer.objects.for_org(organization).count() == 1


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first = fingerprint_of_a_run(seed=11)
    second = fingerprint_of_a_run(seed=11)
    other = fingerprint_of_a_run(seed=12)
    assert first["families"] and first == second
    assert other["families"] != first["families"]


@pytest.mark.django_db
def test_a_database_with_organizations_is_refused_unless_forced():
    builders.make_organization("Organisme existant")
    with pytest.raises(CommandError, match="already holds organizations"):
        generate()
    assert Family.objects.across_organizations(ACROSS).count() == 0
    generate("--force")
    assert Organization.objects.count() == TINY.organizations + 1


@pytest.mark.django_db
def test_the_province_scale_is_refused_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("Runs on SQLite only: PostgreSQL accepts the province scale.")
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("generate_dataset", "--scale=province")
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_the_official_municipal_reference_places_organizations_in_their_region():
    path = shared_file("data", "quebec-municipalities.csv")
    call_command(
        "generate_dataset",
        "--scale=tiny",
        f"--end-date={END.isoformat()}",
        f"--reference={path}",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    for organization in Organization.objects.prefetch_related("municipalities"):
        served = list(organization.municipalities.all())
        assert served and {m.region_id for m in served} == {organization.region_id}
