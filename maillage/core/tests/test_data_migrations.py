"""The data migrations fill what they say they fill, on SQLite and on PostgreSQL.

Each test migrates one app back to just before the migration under test, writes rows with the
historical models of that state, migrates forward to the migration and reads the backfilled
values back with the historical models of the new state. The ``migrator`` fixture returns the
database to the latest state afterwards, even when the test fails, so that the other tests
find the schema they expect.
"""

import datetime
import importlib
import uuid

import pytest
from django.apps import apps as global_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from maillage.audit.chain import HASHED_FIELDS, verify_all, verify_rows
from maillage.audit.services import record_event
from maillage.core import taxonomy
from maillage.organizations.models import Organization


class Migrator:
    """Moves the test database between migration states and hands back their models."""

    def before(self, app: str, name: str):
        """Unapply ``(app, name)`` (and what depends on it); the models of the state left."""
        graph = MigrationExecutor(connection).loader.graph
        (previous,) = [
            parent.key for parent in graph.node_map[(app, name)].parents if parent.key[0] == app
        ]
        return self.to(*previous)

    def to(self, app: str, name: str):
        """Migrate ``app`` to ``name``, forwards or backwards; the models of the applied state."""
        executor = MigrationExecutor(connection)
        executor.migrate([(app, name)])
        executor.loader.build_graph()  # reads back what is applied now
        loader = executor.loader
        # Every applied migration, not only the ancestors of (app, name): the other apps'
        # tables have the columns of their latest state, which the models must know to insert.
        applied = [key for key in loader.applied_migrations if key in loader.graph.nodes]
        return loader.project_state(applied).apps

    def latest(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def migrator(transactional_db):
    migrator = Migrator()
    yield migrator
    # Before transactional_db's flush: the flush empties the tables of the latest state.
    migrator.latest()


def _organization(apps, name):
    region, _created = apps.get_model("organizations", "Region")._default_manager.get_or_create(
        code="01", defaults={"name": "Bas-Saint-Laurent"}
    )
    return apps.get_model("organizations", "Organization")._default_manager.create(
        name=name, milieu="rural", region=region
    )


def _user(apps):
    return apps.get_model("accounts", "User")._default_manager.create(email="ptp@example.org")


def _family(apps, organization, user):
    return apps.get_model("families", "Family")._default_manager.create(
        organization=organization, created_by=user
    )


@pytest.mark.django_db(transaction=True)
def test_contacts_get_the_organization_of_their_family(migrator):
    apps = migrator.before("accompaniment", "0002_contact_organization")
    user = _user(apps)
    first, second = _organization(apps, "Maison A"), _organization(apps, "Maison B")
    families = [_family(apps, first, user), _family(apps, second, user)]
    families.append(_family(apps, second, user))
    Contact = apps.get_model("accompaniment", "Contact")
    # Contacts written out of the families' order, two for one family.
    for family in [families[1], families[0], families[2], families[1]]:
        Contact._default_manager.create(
            family=family, worker=user, mode="phone", duration_minutes=5
        )

    apps = migrator.to("accompaniment", "0002_contact_organization")

    Contact = apps.get_model("accompaniment", "Contact")
    rows = list(Contact._default_manager.values_list("family_id", "organization_id"))
    assert sorted(rows) == sorted(
        [
            (families[1].pk, second.pk),
            (families[0].pk, first.pk),
            (families[2].pk, second.pk),
            (families[1].pk, second.pk),
        ]
    )


@pytest.mark.django_db(transaction=True)
def test_contacts_get_the_bits_of_their_needs_and_interventions(migrator):
    migration = importlib.import_module("maillage.accompaniment.migrations.0003_contact_code_bits")
    # The migration's frozen maps give every code the bit the live maps (and Contact.save())
    # give it: a code may be added to the live maps later, never renumbered.
    assert migration.NEED_BITS.items() <= taxonomy.NEED_BITS.items()
    assert migration.INTERVENTION_BITS.items() <= taxonomy.INTERVENTION_BITS.items()

    apps = migrator.before("accompaniment", "0003_contact_code_bits")
    user = _user(apps)
    organization = _organization(apps, "Maison A")
    family = _family(apps, organization, user)
    lists = {
        "some": (["food", "housing"], ["listening", "referral"]),
        "empty": ([], []),
        # Unknown codes, a code of the other list, a code in capitals, a duplicate: no bit.
        "unknown": (["not_a_need", "listening", "Food", "other", "other"], ["housing", "other"]),
        "every code": (list(migration.NEED_BITS), list(migration.INTERVENTION_BITS)),
        "highest bits": (["employment", "other"], ["parent_child_activity", "other"]),
    }
    Contact = apps.get_model("accompaniment", "Contact")
    ids = {
        name: Contact._default_manager.create(
            family=family,
            organization=organization,
            worker=user,
            mode="phone",
            duration_minutes=5,
            needs=needs,
            interventions=interventions,
        ).pk
        for name, (needs, interventions) in lists.items()
    }

    apps = migrator.to("accompaniment", "0003_contact_code_bits")

    Contact = apps.get_model("accompaniment", "Contact")
    bits = {
        row["id"]: (row["needs_bits"], row["interventions_bits"])
        for row in Contact._default_manager.values("id", "needs_bits", "interventions_bits")
    }
    assert {name: bits[pk] for name, pk in ids.items()} == {
        "some": (0b11, 0b1000001),
        "empty": (0, 0),
        "unknown": (1 << 15, 1 << 9),
        "every code": ((1 << 16) - 1, (1 << 10) - 1),
        "highest bits": ((1 << 14) | (1 << 15), (1 << 8) | (1 << 9)),
    }
    # What Contact.save() writes for the same lists.
    for name, (needs, interventions) in lists.items():
        assert bits[ids[name]] == (
            taxonomy.bits_of(needs, taxonomy.NEED_BITS),
            taxonomy.bits_of(interventions, taxonomy.INTERVENTION_BITS),
        ), name


@pytest.mark.django_db(transaction=True)
def test_families_get_their_opening_and_first_accompaniment_from_the_status_history(migrator):
    apps = migrator.before("families", "0002_family_milestone_dates")
    user = _user(apps)
    organization = _organization(apps, "Maison A")
    StatusChange = apps.get_model("families", "StatusChange")
    day = datetime.date
    paths = {
        # Accompanied twice: the first time counts. Rows written out of date order.
        "winding": [
            ("paused", "accompanied", day(2024, 9, 1)),
            ("", "first_contact", day(2024, 1, 10)),
            ("building_bond", "accompanied", day(2024, 3, 5)),
            ("first_contact", "building_bond", day(2024, 2, 1)),
            ("accompanied", "paused", day(2024, 6, 1)),
        ],
        "accompanied at once": [("", "accompanied", day(2024, 4, 2))],
        "never accompanied": [
            ("", "first_contact", day(2024, 5, 3)),
            ("first_contact", "closed", day(2024, 7, 8)),
        ],
        "no history": [],
        # No opening row (the history starts later): no opening date is made up.
        "no opening": [("building_bond", "accompanied", day(2024, 8, 9))],
    }
    ids = {}
    for name, changes in paths.items():
        family = _family(apps, organization, user)
        ids[name] = family.pk
        for from_status, to_status, changed_on in changes:
            StatusChange._default_manager.create(
                family=family,
                from_status=from_status,
                to_status=to_status,
                changed_on=changed_on,
                changed_by=user,
            )

    apps = migrator.to("families", "0002_family_milestone_dates")

    Family = apps.get_model("families", "Family")
    milestones = {
        row["id"]: (row["opened_on"], row["accompanied_on"])
        for row in Family._default_manager.values("id", "opened_on", "accompanied_on")
    }
    assert {name: milestones[pk] for name, pk in ids.items()} == {
        "winding": (day(2024, 1, 10), day(2024, 3, 5)),
        "accompanied at once": (day(2024, 4, 2), day(2024, 4, 2)),
        "never accompanied": (day(2024, 5, 3), None),
        "no history": (None, None),
        "no opening": (None, day(2024, 8, 9)),
    }


@pytest.mark.django_db(transaction=True)
def test_referrals_get_the_organization_of_their_family(migrator):
    apps = migrator.before("referrals", "0002_referral_organization")
    user = _user(apps)
    first, second = _organization(apps, "Maison A"), _organization(apps, "Maison B")
    families = [_family(apps, second, user), _family(apps, first, user)]
    Referral = apps.get_model("referrals", "Referral")
    for family in [families[1], families[0], families[0]]:
        Referral._default_manager.create(
            family=family, created_by=user, need="food", partner_name="Banque alimentaire"
        )

    apps = migrator.to("referrals", "0002_referral_organization")

    Referral = apps.get_model("referrals", "Referral")
    rows = list(Referral._default_manager.values_list("family_id", "organization_id"))
    assert sorted(rows) == sorted(
        [
            (families[1].pk, first.pk),
            (families[0].pk, second.pk),
            (families[0].pk, second.pk),
        ]
    )


@pytest.mark.django_db(transaction=True)
def test_existing_audit_events_are_sealed_into_one_chain_per_organization(migrator):
    apps = migrator.before("audit", "0003_seal_existing_events")
    user = _user(apps)
    first, second = _organization(apps, "Maison A"), _organization(apps, "Maison B")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    start = datetime.datetime(2025, 3, 1, 14, 0, 0, 123456, tzinfo=datetime.UTC)
    # The chains interleave; the clock runs backwards against the ids (the chain follows the
    # ids, as the verifier does); events with and without an actor, an object, fields.
    for number, organization in enumerate([first, None, second, first, second, None, first]):
        AuditEvent._default_manager.create(
            organization=organization,
            actor=user if number % 2 else None,
            action="family.updated",
            object_type="families.family" if number % 3 else "",
            object_uuid=uuid.uuid4() if number % 3 else None,
            changed_fields=["status", "code"] if number % 2 else [],
            occurred_at=start - datetime.timedelta(minutes=number),
        )

    apps = migrator.to("audit", "0003_seal_existing_events")

    events = apps.get_model("audit", "AuditEvent")._default_manager

    def chain(organization_id):
        return list(
            events.filter(organization_id=organization_id)
            .order_by("id")
            .values("id", "previous_hash", "hash", *HASHED_FIELDS)
        )

    # Each chain starts at the genesis and links event to event, with the verifier's hashes.
    sealed = {key: verify_rows(chain(key)) for key in (None, first.pk, second.pk)}
    assert {key: (result.checked, result.broken) for key, result in sealed.items()} == {
        None: (2, None),
        first.pk: (3, None),
        second.pk: (2, None),
    }

    # A sealed row changed by hand is found, in its own chain only.
    tampered = chain(second.pk)[0]["id"]
    events.filter(id=tampered).update(action="family.deleted")
    assert verify_rows(chain(second.pk)).broken.event_id == tampered
    assert verify_rows(chain(first.pk)).broken is None

    # The application's own verifier, on the latest schema, agrees with the seal; a new event
    # continues its organization's sealed chain.
    migrator.latest()
    record_event(None, "family.updated", organization=Organization.objects.get(pk=first.pk))
    results = [(each.checked, each.broken and each.broken.event_id) for each in verify_all()]
    # The platform's chain, then the organizations' in the order of their ids.
    assert results == [(2, None), (4, None), (0, tampered)]


@pytest.mark.django_db(transaction=True)
def test_sealing_again_never_reseals_a_changed_event(migrator):
    migrator.latest()
    first = _organization(global_apps, "Maison A")
    events = [record_event(None, "family.updated", organization=first) for _ in range(3)]
    # Unapplied and applied again (whoever may drop the trigger could do so), after a row was
    # changed by hand: the seal leaves sealed rows as they are, so the change still shows.
    apps = migrator.before("audit", "0003_seal_existing_events")
    apps.get_model("audit", "AuditEvent")._default_manager.filter(id=events[1].pk).update(
        action="family.deleted"
    )
    migrator.latest()

    platform, organization = verify_all()
    assert platform.intact
    assert organization.broken.event_id == events[1].pk
    assert organization.checked == 1
