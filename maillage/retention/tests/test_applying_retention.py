"""The nightly command: what is due is destroyed or anonymized, nothing else, and what the
reports count stays as it was."""

import datetime
import io
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone

from maillage.accompaniment.models import Contact, Priority, Step
from maillage.audit.models import AuditEvent
from maillage.core.fields import index_of
from maillage.core.periods import months_later
from maillage.families.models import Family, Member
from maillage.referrals.models import Referral, ReferralEvent
from maillage.retention.models import RetentionRun
from maillage.retention.services import RetentionError, apply_retention, save_schedule
from maillage.rights.models import AccessRequest, Disclosure
from maillage.testing.builders import draw_family_codes

from .builders import make_full_family

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def families(org, ptp, today):
    """Default schedule (identity 12 months, file 60 months after closure)."""
    return {
        "identity_due": make_full_family(org, ptp, closed_on=months_later(today, -13)),
        "both_due": make_full_family(org, ptp, closed_on=months_later(today, -61)),
        "recently_closed": make_full_family(org, ptp, closed_on=months_later(today, -11)),
        "open": make_full_family(org, ptp, closed_on=None),
    }


def _snapshot(family):
    family.refresh_from_db()
    return {
        "identity": (family.nickname, family.phone, family.address),
        "indexes": (family.nickname_index, family.phone_index),
        "code": family.code,
        "text": (family.strengths_note, family.languages, family.context_factors),
        "notes": sorted(family.contacts.values_list("note", flat=True)),
        "plan": list(
            Priority.objects.across_organizations("test")
            .filter(family=family)
            .values_list("title", flat=True)
        ),
        "steps": list(
            Step.objects.across_organizations("test")
            .filter(priority__family=family)
            .values_list("description")
        ),
        "events": list(
            ReferralEvent.objects.across_organizations("test")
            .filter(referral__family=family)
            .values_list("note", flat=True)
        ),
        "handover": list(family.assignments.values_list("handover_note", flat=True)),
        "months": list(family.members.values_list("birth_month", flat=True)),
        "disclosures": list(
            Disclosure.objects.for_org(family.organization)
            .filter(family=family)
            .values_list("legal_basis", "recipient", "content")
        ),
        "refusals": list(
            AccessRequest.objects.for_org(family.organization)
            .filter(family=family)
            .values_list("status", "refusal_reason")
        ),
    }


def test_the_dry_run_counts_what_is_due_and_changes_nothing(org, families):
    before = {name: _snapshot(family) for name, family in families.items()}

    output = _run("--dry-run")

    assert f"{org.name}: 2 identities to destroy, 1 files to anonymize" in output
    for family in families.values():
        assert family.code not in output
    assert {name: _snapshot(family) for name, family in families.items()} == before
    assert not RetentionRun.objects.across_organizations("test").exists()
    assert (
        not AuditEvent.objects.for_org(org).filter(action__startswith="family.retention.").exists()
    )


def test_a_closed_family_past_the_identity_delay_loses_its_identity_and_indexes(org, families):
    family = families["identity_due"]
    nickname_index = family.nickname_index
    assert nickname_index == index_of("Amina")

    _run()

    after = _snapshot(family)
    assert after["identity"] == ("", "", "")
    assert after["indexes"] == ("", "")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nickname, phone, address FROM families_family WHERE id = %s", [family.pk]
        )
        assert cursor.fetchone() == (None, None, None)
    # A search by nickname finds only the families whose identity is still kept.
    found = Family.objects.for_org(org).filter(nickname_index=nickname_index)
    assert set(found) == {families["recently_closed"], families["open"]}
    # Not yet due for anonymization: the notes are still there for a returning family.
    assert "Parle de son ex-conjoint" in after["notes"]
    event = AuditEvent.objects.for_org(family.organization).get(
        action="family.retention.identity.destroyed", object_uuid=family.uuid
    )
    assert event.actor is None
    assert event.changed_fields == sorted(
        ["nickname", "phone", "address", "nickname_index", "phone_index"]
    )


def test_a_file_past_its_delay_keeps_counts_and_loses_its_free_text(families):
    family = families["both_due"]
    old_code = family.code

    _run()

    after = _snapshot(family)
    assert after["identity"] == ("", "", "")
    assert after["text"] == ("", "", [])
    assert after["notes"] == ["", ""]
    assert after["plan"] == [""]
    assert after["steps"] == [("",)]
    assert set(after["events"]) == {""}
    assert after["handover"] == [""]
    assert after["months"] == [None]
    # The register of disclosures keeps its legal basis and recipient, not what was sent;
    # the refused request keeps its outcome, not the reason written about the family.
    assert after["disclosures"] == [("court", "Cour du Québec, chambre de la jeunesse", "")]
    assert after["refusals"] == [("refused", "")]
    assert after["code"] != old_code
    # What counts stays: contacts with their dates and minutes, referrals and their outcome,
    # the household's roles and years of birth, the closure.
    assert sorted(family.contacts.values_list("date", "duration_minutes")) == [
        (datetime.date(2025, 3, 10), 45),
        (datetime.date(2025, 4, 2), 45),
    ]
    assert list(family.referrals.values_list("status", flat=True)) == ["accepted"]
    assert list(family.members.values_list("role", "birth_year")) == [("child", 2023)]
    assert (family.status, family.closure_reason) == ("closed", "goals_reached")
    event = AuditEvent.objects.for_org(family.organization).get(
        action="family.retention.file.anonymized", object_uuid=family.uuid
    )
    assert "contacts.note" in event.changed_fields
    assert "strengths_note" in event.changed_fields
    assert not any("Gilles" in name or "Amina" in name for name in event.changed_fields)


def test_a_new_code_already_taken_in_the_organization_is_drawn_again(families, monkeypatch):
    family = families["both_due"]
    draw_family_codes(monkeypatch, [families["open"].code, "F-BBBB-BB"])

    _run()

    assert _snapshot(family)["code"] == "F-BBBB-BB"
    assert _snapshot(family)["text"] == ("", "", [])


def test_a_file_for_which_no_free_code_is_found_is_left_whole_and_the_failure_logged(
    org, families, today, monkeypatch, caplog
):
    family = families["both_due"]
    before = _snapshot(family)
    draw_family_codes(monkeypatch, itertools.repeat(families["open"].code))

    with pytest.raises(RetentionError, match="1 famille n’a pas pu être traitée"):
        apply_retention(org, today)

    after = _snapshot(family)
    assert (after["code"], after["text"], after["notes"]) == (
        before["code"],
        before["text"],
        before["notes"],
    )
    assert after["identity"] == ("", "", "")  # destroyed first, in its own transaction
    assert f"Retention failed for family id {family.pk}: RetentionError." in caplog.text
    assert RetentionRun.objects.for_org(org).get().files_anonymized == 0


def test_families_not_closed_or_not_yet_due_are_untouched(families):
    untouched = [families["recently_closed"], families["open"]]
    before = [_snapshot(family) for family in untouched]

    _run()

    assert [_snapshot(family) for family in untouched] == before
    assert before[0]["identity"] == ("Amina", "450 555-0199", "12, rang du Lac")


def _counts(org, start, end):
    """What a report of the period counts: families reached, contacts and their minutes,
    referrals by outcome, children by year of birth."""
    contacts = Contact.objects.across_organizations("test").filter(
        family__organization=org, date__range=(start, end)
    )
    return {
        "families": contacts.values("family").distinct().count(),
        "contacts": contacts.aggregate(n=Count("id"), minutes=Sum("duration_minutes")),
        "referrals": sorted(
            Referral.objects.across_organizations("test")
            .filter(family__organization=org)
            .values_list("status")
            .annotate(n=Count("id"))
        ),
        "births": sorted(
            Member.objects.across_organizations("test")
            .filter(family__organization=org)
            .values_list("birth_year")
            .annotate(n=Count("id"))
        ),
        "closed": Family.objects.for_org(org).filter(status="closed").count(),
    }


def test_de_identified_counts_of_a_past_period_survive(org, families):
    period = (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    before = _counts(org, *period)
    assert before["families"] == 4

    _run()

    assert _counts(org, *period) == before


def test_each_run_is_recorded_with_its_counts_and_a_second_run_finds_nothing(org, families):
    output = _run()
    assert f"{org.name}: 2 identities destroyed, 1 files anonymized" in output
    _run()

    runs = list(RetentionRun.objects.for_org(org).order_by("ran_at", "id"))
    assert [(r.identities_destroyed, r.files_anonymized) for r in runs] == [(2, 1), (0, 0)]
    assert "0 identities to destroy, 0 files to anonymize" in _run("--dry-run")


def test_the_organization_schedule_sets_the_delays(org, pg, families):
    # Identity at once after closure, file after a year: the recently closed family too.
    save_schedule(pg, org, identity_months=0, file_months=12)

    assert f"{org.name}: 3 identities to destroy, 2 files to anonymize" in _run("--dry-run")
    _run()

    assert _snapshot(families["recently_closed"])["identity"] == ("", "", "")
    assert _snapshot(families["open"])["identity"] == ("Amina", "450 555-0199", "12, rang du Lac")


def test_another_organization_keeps_its_families(org, other_org, outsider, families, today):
    theirs = make_full_family(other_org, outsider, closed_on=months_later(today, -11))
    save_schedule(outsider, other_org, identity_months=12, file_months=24)

    _run()

    assert _snapshot(theirs)["identity"] == ("Amina", "450 555-0199", "12, rang du Lac")
    assert not RetentionRun.objects.for_org(other_org).get().identities_destroyed


def test_delays_count_back_to_the_same_day_or_the_end_of_a_shorter_month():
    assert months_later(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)
    assert months_later(datetime.date(2026, 1, 15), -13) == datetime.date(2024, 12, 15)
    assert months_later(datetime.date(2026, 1, 15), 0) == datetime.date(2026, 1, 15)


def test_the_participation_report_of_a_past_period_is_unchanged(org, families):
    from maillage.core.periods import Period
    from maillage.reports.data import participation_report

    period = Period.custom(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))

    def tables():
        report = participation_report(org, period)
        return {table.key: (table.rows, table.total) for table in report.tables}

    before = tables()
    _run()
    after = tables()

    # The members' table groups children by age on the period's last day: only the
    # birth month is removed, and these children are far from a group's boundary.
    assert after == before
    assert before["families"][0]


def test_a_family_reopened_after_it_was_found_due_keeps_its_identity(org, families, today):
    from maillage.families.models import Status
    from maillage.retention.services import destroy_identity, schedule_of

    family = families["identity_due"]
    # Reopened between the query that found it due and the locked update.
    Family.objects.for_org(org).filter(pk=family.pk).update(status=Status.ACCOMPANIED)

    assert destroy_identity(family, schedule_of(org), today) is False
    assert _snapshot(family)["identity"] == ("Amina", "450 555-0199", "12, rang du Lac")


def test_a_family_that_fails_stops_neither_the_others_nor_the_record_of_the_run(
    org, other_org, outsider, families, today, monkeypatch
):
    from maillage.retention import services

    # "Carrefour Autre" runs before "Maison des familles Test": its failure comes first.
    theirs = make_full_family(other_org, outsider, closed_on=months_later(today, -13))
    also_theirs = make_full_family(other_org, outsider, closed_on=months_later(today, -14))
    destroy = services.destroy_identity

    def destroy_or_fail(family, schedule, day):
        if family.pk == theirs.pk:
            raise services.RetentionError("simulated failure")
        return destroy(family, schedule, day)

    monkeypatch.setattr(services, "destroy_identity", destroy_or_fail)

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match=other_org.name):
        call_command("apply_retention", stdout=out, stderr=err)

    kept = ("Amina", "450 555-0199", "12, rang du Lac")
    # The failed family kept everything (its transaction rolled back); the other family of
    # its organization was processed and the run recorded with it; the next organization
    # was processed in full.
    assert _snapshot(theirs)["identity"] == kept
    assert _snapshot(also_theirs)["identity"] == ("", "", "")
    run = RetentionRun.objects.for_org(other_org).get()
    assert (run.identities_destroyed, run.files_anonymized) == (1, 0)
    assert _snapshot(families["identity_due"])["identity"] == ("", "", "")
    assert _snapshot(families["both_due"])["identity"] == ("", "", "")
    assert f"{org.name}: 2 identities destroyed, 1 files anonymized" in out.getvalue()
    assert "1 famille n’a pas pu être traitée" in err.getvalue()
