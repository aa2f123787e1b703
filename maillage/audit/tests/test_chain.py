"""The audit log's hash chain and, on PostgreSQL, the trigger that refuses changes (issue 6)."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from maillage.audit.chain import GENESIS, verify_all, verify_chain
from maillage.audit.models import AuditEvent, ChainVerification
from maillage.audit.services import record_event

on_postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the trigger exists on PostgreSQL only; on SQLite the hash chain detects changes",
)


def _raw(sql, params=()):
    """Run raw SQL the way a database tool would, around the application.

    On PostgreSQL the trigger would refuse it: it is disabled for this test's transaction only
    (the test database's owner may; the transaction is rolled back at the end of the test).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE waits for no deferred foreign-key check: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE audit_auditevent DISABLE TRIGGER maillage_audit_no_update_or_delete"
            )
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_auditevent ENABLE TRIGGER maillage_audit_no_update_or_delete"
            )
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _history(org, other_org, pg, count=4):
    events = [
        record_event(pg, "organization.updated", organization=org, target=org, changed_fields=[f])
        for f in ("name", "region", "milieu", "email")[:count]
    ]
    record_event(None, "organization.created", organization=other_org, target=other_org)
    record_event(pg, "account.login")
    return events


def test_each_event_links_to_the_one_before_it_in_its_organization(org, other_org, pg):
    first, second, *_ = _history(org, other_org, pg)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.previous_hash == GENESIS
    assert second.previous_hash == first.hash
    assert len(second.hash) == 64 and second.hash != first.hash
    other = AuditEvent.objects.for_org(other_org).get()
    # Each organization has its own chain: its first event starts from the genesis.
    assert other.previous_hash == GENESIS


def test_the_chain_verifies_on_a_normal_history(org, other_org, pg):
    _history(org, other_org, pg)
    results = verify_all()
    assert [result.intact for result in results] == [True, True, True]
    assert sum(result.checked for result in results) == 6
    assert verify_chain(org.pk).checked == 4


def test_a_row_changed_through_raw_sql_is_detected_and_named(org, other_org, pg):
    events = _history(org, other_org, pg)
    changed = events[1]
    _raw(
        "UPDATE audit_auditevent SET changed_fields = %s WHERE id = %s",
        ['["name", "notes"]', changed.pk],
    )
    result = verify_chain(org.pk)
    assert not result.intact
    assert result.broken.event_uuid == str(changed.uuid)
    assert "changed" in result.broken.reason
    assert result.checked == 1
    # The other chains are untouched.
    assert verify_chain(other_org.pk).intact and verify_chain(None).intact


def test_a_changed_actor_is_detected_too(org, other_org, pg, ptp):
    events = _history(org, other_org, pg)
    _raw("UPDATE audit_auditevent SET actor_id = %s WHERE id = %s", [ptp.pk, events[0].pk])
    assert verify_chain(org.pk).broken.event_uuid == str(events[0].uuid)


def test_an_event_deleted_in_the_middle_is_detected(org, other_org, pg):
    events = _history(org, other_org, pg)
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    result = verify_chain(org.pk)
    assert not result.intact
    # The link that breaks is the one of the event that came after the deleted one.
    assert result.broken.event_uuid == str(events[2].uuid)
    assert "does not link" in result.broken.reason


def test_deleting_the_first_event_is_detected(org, other_org, pg):
    events = _history(org, other_org, pg)
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[0].pk])
    assert verify_chain(org.pk).broken.event_uuid == str(events[1].uuid)


def test_the_command_says_intact_on_a_normal_history(org, other_org, pg, capsys):
    _history(org, other_org, pg)
    call_command("verify_audit_chain")
    assert capsys.readouterr().out.startswith("intact (6 events in 3 chains)")


def test_the_command_names_the_first_broken_link_and_exits_with_status_1(
    org, other_org, pg, capsys
):
    events = _history(org, other_org, pg)
    _raw("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x.y", events[2].pk])
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit_chain")
    assert failure.value.returncode == 1
    report = capsys.readouterr().err
    assert str(events[2].uuid) in report
    assert f"organization {org.pk}" in report
    assert str(events[3].uuid) not in report


def test_the_managers_log_page_says_whether_the_chain_is_intact(pg_client, org, other_org, pg):
    events = _history(org, other_org, pg)
    page = pg_client.get(reverse("audit:log")).content.decode()
    assert 'data-chain="intact"' in page
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    page = pg_client.get(reverse("audit:log")).content.decode()
    assert 'data-chain="broken"' in page
    assert 'role="alert"' in page


def test_another_organizations_broken_chain_does_not_alarm_this_one(pg_client, org, other_org, pg):
    _history(org, other_org, pg)
    other = AuditEvent.objects.for_org(other_org).get()
    _raw("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x.y", other.pk])
    assert 'data-chain="intact"' in pg_client.get(reverse("audit:log")).content.decode()


def _log_page(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(reverse("audit:log"))


def test_the_command_keeps_each_chains_verification(org, other_org, pg):
    events = _history(org, other_org, pg)
    call_command("verify_audit_chain", stdout=io.StringIO())

    kept = ChainVerification.objects.for_org(org).get()
    assert (kept.intact, kept.checked, kept.broken) == (True, 4, "")
    assert kept.head_id == events[-1].pk
    assert kept.head_hash == AuditEvent.objects.for_org(org).get(pk=events[-1].pk).hash
    assert ChainVerification.objects.for_org(other_org).get().checked == 1
    platform = ChainVerification.objects.across_organizations("test").get(organization=None)
    assert platform.checked == 1

    # A broken chain is kept as broken, with its first broken link.
    _raw("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x.y", events[2].pk])
    with pytest.raises(CommandError):
        call_command("verify_audit_chain", stdout=io.StringIO(), stderr=io.StringIO())
    latest = ChainVerification.objects.for_org(org).order_by("-id").first()
    assert (latest.intact, latest.checked) == (False, 2)
    assert str(events[2].uuid) in latest.broken


def test_after_a_full_verification_the_page_checks_only_the_events_written_since(
    pg_client, org, other_org, pg
):
    _history(org, other_org, pg)
    call_command("verify_audit_chain", stdout=io.StringIO())
    later = [
        record_event(pg, "organization.updated", organization=org, target=org),
        record_event(pg, "organization.updated", organization=org, target=org),
    ]

    response = _log_page(pg_client)
    assert response.context["chain"].checked == 2
    page = response.content.decode()
    assert 'data-chain="intact"' in page
    assert "found it intact; since then, 2 new entries each link" in page

    # A new event changed by hand breaks the check.
    _raw("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x.y", later[1].pk])
    broken = _log_page(pg_client)
    assert 'data-chain="broken"' in broken.content.decode()
    assert broken.context["chain"].broken.event_uuid == str(later[1].uuid)


def test_the_page_sees_the_removal_of_the_last_event_verified(pg_client, org, other_org, pg):
    events = _history(org, other_org, pg)
    call_command("verify_audit_chain", stdout=io.StringIO())
    assert "nothing was written since" in _log_page(pg_client).content.decode()
    pg_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = pg_client.get(reverse("audit:log")).content.decode()
    assert "inchangée; rien n’a été consigné depuis" in french
    # The newest event: nothing after it would notice, but the verification kept its hash.
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])

    assert 'data-chain="broken"' in _log_page(pg_client).content.decode()


def test_the_page_sees_a_change_to_the_last_event_verified(pg_client, org, other_org, pg):
    events = _history(org, other_org, pg)
    call_command("verify_audit_chain", stdout=io.StringIO())
    _raw("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x.y", events[-1].pk])

    response = _log_page(pg_client)
    assert 'data-chain="broken"' in response.content.decode()
    assert response.context["chain"].broken.event_uuid == str(events[-1].uuid)


def test_a_change_before_the_last_verification_waits_for_the_next_one(
    pg_client, org, other_org, pg
):
    events = _history(org, other_org, pg)
    call_command("verify_audit_chain", stdout=io.StringIO())
    _raw("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x.y", events[0].pk])

    # The page reads only what came after the verified head: the change is the next full
    # verification's to find (docs/decisions/0007-audit-rows-cannot-change.md).
    assert 'data-chain="intact"' in _log_page(pg_client).content.decode()
    with pytest.raises(CommandError):
        call_command("verify_audit_chain", stdout=io.StringIO(), stderr=io.StringIO())
    assert 'data-chain="broken"' in _log_page(pg_client).content.decode()


def test_events_cannot_be_inserted_in_bulk_around_the_chain(org):
    from maillage.audit.models import AppendOnlyError

    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.for_org(org).bulk_create([AuditEvent(action="x.y", organization=org)])


@on_postgresql_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'x.y' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_postgresql_refuses_a_raw_update_or_delete(org, pg, sql):
    event = record_event(pg, "organization.updated", organization=org, target=org)
    refused = pytest.raises(DatabaseError, match="cannot be changed or deleted")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.for_org(org).get().action == "organization.updated"


@on_postgresql_only
def test_postgresql_lets_truncate_through_in_test_databases_only(db):
    """TRUNCATE is refused outside ``test_*`` databases; Django's flush needs it (ADR 0007).

    The migration's SQL is installed in a scratch database of another name, on its own
    connection (CREATE DATABASE cannot run in the test's transaction).
    """
    import importlib

    import psycopg

    install = importlib.import_module(
        "maillage.audit.migrations.0004_refuse_changes_on_postgresql"
    ).INSTALL
    settings = connection.settings_dict
    params = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "autocommit": True,
    }
    scratch = f"audit_truncate_check_{connection.settings_dict['NAME'][-12:]}".replace("-", "_")
    with psycopg.connect(dbname="postgres", **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        with psycopg.connect(dbname=scratch, **params) as other:
            other.execute("CREATE TABLE audit_auditevent (id integer)")
            other.execute(install)
            other.execute("INSERT INTO audit_auditevent VALUES (1)")
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="TRUNCATE refused"):
                other.execute("TRUNCATE audit_auditevent")
            assert other.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0] == 1
    finally:
        with psycopg.connect(dbname="postgres", **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        assert cursor.fetchone()[0].startswith("test_")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE audit_auditevent")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serializes writing transactions itself; the advisory lock is PostgreSQL's",
)
@pytest.mark.django_db(transaction=True)
def test_events_written_at_the_same_time_still_form_one_chain():
    """Writers of one organization's chain wait for each other (advisory lock until commit)."""
    import threading

    from maillage.testing.builders import make_organization

    organization = make_organization("Maison des familles Concurrente")
    start = threading.Barrier(4)
    failures = []

    def write(worker):
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    record_event(None, "organization.updated", organization=organization)
        except Exception as error:  # reported below, with the thread that saw it
            failures.append(f"{worker}: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    result = verify_chain(organization.pk)
    assert result.intact and result.checked == 20
