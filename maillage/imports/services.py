"""Bringing history in: check a file, keep it for confirmation, import it in one transaction.

The rows are written with the rules the service functions of each app apply one at a time
(``create_family``, ``record_contact``, ``create_referral`` and ``change_status``…), but in
bulk and with the dates of the past: a family gets its file consent, its workers and its
status path; a referral gets its history through ``maillage/lib/referral_flow.py``; a family's
last contact moves forward. The whole import is one audit event, ``history.imported``, with
the counts kept on its ``HistoryImport``: one event per imported row would bury the log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.accompaniment.models import Contact
from maillage.audit.services import record_event
from maillage.families.models import (
    Assignment,
    Consent,
    ConsentPurpose,
    Family,
    Member,
    Status,
    StatusChange,
)
from maillage.lib import referral_flow as flow
from maillage.outreach.models import OutreachActivity
from maillage.privacy.services import has_privacy_officer
from maillage.referrals.models import Referral, ReferralEvent
from maillage.referrals.services import sharing_covers

from . import parsing, validation
from .models import HistoryImport, ImportStatus

#: An unconfirmed check keeps the file this long, then is deleted.
PENDING_HOURS = 24


class HistoryImportError(Exception):
    """A confirmation that cannot go ahead; the message is for the person (translated)."""


@dataclass(frozen=True)
class Upload:
    """A file as received: its name (for CSV, the sheet) and its bytes."""

    filename: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass
class ImportReport:
    problems: list[validation.Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    written: bool = False
    record: HistoryImport | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check(organization, workbook: Upload) -> tuple[validation.Plan, list[validation.Problem]]:
    """Read and validate ``workbook``; a file that cannot be read is one problem."""
    if not has_privacy_officer(organization):
        # Law 25 (s. 3.1), as for a family added by hand (families.services.create_family).
        message = gettext_lazy(
            "Your organization must name its person in charge of the protection of "
            "personal information before it imports families: see the privacy page."
        )
        return validation.Plan(), [validation.Problem(workbook.filename or "—", None, "", message)]
    try:
        sheets = parsing.read_upload(workbook.filename, workbook.content)
    except parsing.FileFormatError as error:
        name = workbook.filename or "—"
        return validation.Plan(), [validation.Problem(name, None, "", error.message)]
    return validation.validate(organization, sheets)


@transaction.atomic
def import_history(
    actor, organization, workbook: Upload, dry_run: bool, *, pending: HistoryImport | None = None
) -> ImportReport:
    """Validate ``workbook`` for ``organization`` and, unless ``dry_run`` or a problem was
    found, write all of it. On any problem nothing is written."""
    plan, problems = check(organization, workbook)
    report = ImportReport(problems=problems, counts=plan.counts())
    if problems or dry_run:
        return report
    _write(plan, organization)
    if pending is None:
        pending = HistoryImport(
            organization=organization,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            filename=workbook.filename[:200],
            sha256=workbook.sha256,
        )
    pending.status = ImportStatus.IMPORTED
    pending.content = None
    pending.counts = report.counts
    pending.imported_at = timezone.now()
    pending.save()
    record_event(
        actor,
        "history.imported",
        organization=organization,
        target=pending,
        changed_fields=[key for key, count in report.counts.items() if count],
    )
    report.written, report.record = True, pending
    return report


@transaction.atomic
def check_upload(actor, organization, workbook: Upload) -> ImportReport:
    """The dry run of the web upload. A file without problem is kept, to be imported on
    confirmation exactly as checked; a file with problems is not kept at all."""
    HistoryImport.objects.for_org(organization).filter(
        status=ImportStatus.CHECKED, created_at__lt=timezone.now() - timedelta(hours=PENDING_HOURS)
    ).delete()
    report = import_history(actor, organization, workbook, dry_run=True)
    if report.ok:
        report.record = HistoryImport.objects.create(
            organization=organization,
            created_by=actor,
            filename=workbook.filename[:200],
            sha256=workbook.sha256,
            content=workbook.content,
            counts=report.counts,
        )
        record_event(
            actor,
            "history.import.checked",
            organization=organization,
            target=report.record,
            changed_fields=["content"],
        )
    return report


@transaction.atomic
def confirm_import(actor, pending: HistoryImport, sha256: str) -> ImportReport:
    """Import the file kept by ``check_upload``, checked again against today's data (a family
    code may have been taken since). ``sha256`` is the one shown with the report."""
    locked = (
        HistoryImport.objects.for_org(pending.organization).select_for_update().get(pk=pending.pk)
    )
    if locked.status != ImportStatus.CHECKED or locked.content is None:
        raise HistoryImportError(_("This file was already imported or is no longer kept."))
    content = bytes(locked.content)
    if sha256 != locked.sha256 or hashlib.sha256(content).hexdigest() != locked.sha256:
        raise HistoryImportError(_("The file changed since it was checked: upload it again."))
    report = import_history(
        actor, locked.organization, Upload(locked.filename, content), dry_run=False, pending=locked
    )
    for name in ("status", "counts", "imported_at"):
        setattr(pending, name, getattr(locked, name))
    return report


# -- writing ------------------------------------------------------------------------------


def _write(plan: validation.Plan, organization) -> None:
    # The last contact of a family of the file is known before it is created: one update
    # per family saved (existing families are moved forward in _write_contacts).
    latest = {}
    for row in plan.contacts:
        code = row["family"]
        if isinstance(code, str) and (code not in latest or latest[code] < row["date"]):
            latest[code] = row["date"]
    families = _write_families(plan.families, organization, latest)

    def family_of(row):
        found = row["family"]
        return families[found] if isinstance(found, str) else found

    Member.objects.bulk_create(
        Member(
            family=family_of(row),
            role=row["role"],
            birth_year=row["birth_year"],
            birth_month=row["birth_month"],
            expected=row["expected"],
        )
        for row in plan.members
    )
    OutreachActivity.objects.bulk_create(
        OutreachActivity(
            organization=organization,
            worker=row["worker"],
            date=row["date"],
            strategy=row["strategy"],
            place_type=row["place_type"] or "",
            municipality=row["municipality"],
            duration_minutes=row["duration_minutes"],
            people_met=row["people_met"],
            families_reached=row["families_reached"],
            note=row["note"] or "",
        )
        for row in plan.outreach
    )
    _write_contacts(plan.contacts, family_of, organization)
    _write_referrals(plan.referrals, family_of, organization)


def _status_since(row):
    if row["status"] == Status.FIRST_CONTACT:
        return row["first_contact"]
    return row["status_since"] or row["first_contact"]


def _write_families(rows, organization, last_contacts) -> dict[str, Family]:
    families = Family.objects.bulk_create(
        Family(
            organization=organization,
            code=row["code"],
            status=row["status"],
            status_changed_on=_status_since(row),
            # The milestones of the status path written below: the opening on the first
            # contact, and the one change to the file's status.
            opened_on=row["first_contact"],
            accompanied_on=_status_since(row) if row["status"] == Status.ACCOMPANIED else None,
            closure_reason=row["closure_reason"] or "",
            entry_point=row["entry_point"] or "",
            origin_strategy=row["strategy"],
            municipality=row["municipality"],
            milieu=row["milieu"] or organization.milieu,
            languages=row["languages"] or "",
            interpreter_needed=bool(row["interpreter_needed"]),
            francisation=bool(row["francisation"]),
            immigration_context=row["immigration_context"] or "",
            isolation=row["isolation"] or [],
            strengths=row["strengths"] or [],
            created_by=row["workers"][0],
            last_contact_on=last_contacts.get(row["code"]),
        )
        for row in rows
    )
    consents, assignments, changes = [], [], []
    for family, row in zip(families, rows, strict=True):
        worker, day = row["workers"][0], row["first_contact"]
        # As create_family: no family record without the consent to keep a file.
        purposes = [ConsentPurpose.FILE]
        if row["statistics_consent"]:
            purposes.append(ConsentPurpose.STATISTICS)
        consents += [
            Consent(
                family=family,
                purpose=purpose,
                given_on=day,
                method=row["consent_method"],
                text_version=row["text_version"] or validation.DEFAULT_TEXT_VERSION,
                recorded_by=worker,
            )
            for purpose in purposes
        ]
        assignments += [Assignment(family=family, worker=w, since=day) for w in row["workers"]]
        # The status path as change_status would have written it: the opening, then the
        # status of the file (every status may follow first contact).
        changes.append(
            StatusChange(
                family=family, to_status=Status.FIRST_CONTACT, changed_on=day, changed_by=worker
            )
        )
        if family.status != Status.FIRST_CONTACT:
            changes.append(
                StatusChange(
                    family=family,
                    from_status=Status.FIRST_CONTACT,
                    to_status=family.status,
                    reason=family.closure_reason,
                    changed_on=family.status_changed_on,
                    changed_by=worker,
                )
            )
    Consent.objects.bulk_create(consents)
    Assignment.objects.bulk_create(assignments)
    StatusChange.objects.bulk_create(changes)
    # The team view and the participation report count "new families" by their creation:
    # an imported family is new in the period of its first contact, not of the import.
    # Noon, local time, keeps the local date whatever the time zone of the database.
    by_day = {}
    for family, row in zip(families, rows, strict=True):
        by_day.setdefault(row["first_contact"], []).append(family.pk)
    zone = timezone.get_current_timezone()
    for day, pks in by_day.items():
        moment = timezone.make_aware(datetime.combine(day, time(12)), zone)
        for start in range(0, len(pks), validation.BATCH):  # SQLite bounds the parameters
            Family.objects.for_org(organization).filter(
                pk__in=pks[start : start + validation.BATCH]
            ).update(created_at=moment)
    return {family.code: family for family in families}


def _write_contacts(rows, family_of, organization) -> None:
    # bulk_create skips Contact.save(): the copied columns are set here (every family of the
    # plan, in the file or already known, belongs to the importing organization).
    Contact.objects.bulk_create(
        Contact(
            family=family_of(row),
            worker=row["worker"],
            date=row["date"],
            mode=row["mode"],
            duration_minutes=row["duration_minutes"],
            travel_minutes=row["travel_minutes"] or 0,
            distance_km=row["distance_km"] or 0,
            needs=row["needs"] or [],
            interventions=row["interventions"] or [],
            interpreter_used=bool(row["interpreter_used"]),
            **Contact.copies(
                organization.pk, needs=row["needs"], interventions=row["interventions"]
            ),
        )
        for row in rows
    )
    latest = {}
    for row in rows:
        family = row["family"]
        if not isinstance(family, str) and (
            family.pk not in latest or latest[family.pk] < row["date"]
        ):
            latest[family.pk] = row["date"]
    # As record_contact: an existing family's last contact only ever moves forward.
    for pk, day in latest.items():
        Family.objects.for_org(organization).filter(pk=pk).filter(
            Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=day)
        ).update(last_contact_on=day)


def _write_referrals(rows, family_of, organization) -> None:
    referrals, histories = [], []
    for row in rows:
        family = family_of(row)
        service = row["service_object"]
        partner = service.partner.name if service is not None else row["partner"]
        referrals.append(
            Referral(
                family=family,
                **Referral.copies(organization.pk),  # bulk_create skips Referral.save()
                need=row["need"],
                service=service,
                partner_name="" if service is not None else row["partner"],
                status=row["status"],
                accompanied=bool(row["accompanied"]),
                interpreter_used=bool(row["interpreter_used"]),
                transport_provided=bool(row["transport_provided"]),
                # As create_referral: nothing left the organization without the consent
                # (a family of the file has none to share).
                information_only=isinstance(row["family"], str)
                or not sharing_covers(family, partner),
                created_by=row["worker"],
                created_on=row["date"],
            )
        )
        histories.append(row)
    referrals = Referral.objects.bulk_create(referrals)
    events = []
    for referral, row in zip(referrals, histories, strict=True):
        start, end = row["date"], row["status_date"] or row["date"]
        events.append(
            ReferralEvent(referral=referral, to_status=flow.INITIAL, on=start, by=row["worker"])
        )
        previous = flow.INITIAL
        for step in row["path"]:
            last = step == row["path"][-1]
            # Only the final status has a date in the file: the steps before it are dated
            # the day of the referral, so "days to service" counts from the referral.
            events.append(
                ReferralEvent(
                    referral=referral,
                    from_status=previous,
                    to_status=step,
                    reason=row["reason"] if last else "",
                    on=end if last else start,
                    by=row["worker"],
                )
            )
            previous = step
    ReferralEvent.objects.bulk_create(events)
    if any(row["status"] in (flow.NOT_USED, flow.REFUSED) for row in rows):
        # As change_status: unmet referrals feed the register of service gaps at once.
        from maillage.gaps.services import suggest_gaps

        suggest_gaps(organization)


@transaction.atomic
def record_template_download(actor, organization) -> None:
    """The template carries the worker's e-mail and the organization's names: every download
    is audited, like every other file the application serves (issue 6)."""
    record_event(actor, "history.template.downloaded", organization=organization)
