"""Retention and destruction, and the record of rectifications.

What the schedule removes, and why what it keeps is not identifying, is documented in
``docs/privacy/retention.md``; ``IDENTITY_FIELDS`` and ``anonymize_file`` are the code of
that page. The same querysets (``identities_due``, ``files_due``) drive the dry run, the
page's preview and the real run, so the preview cannot promise something the run does not do.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.accompaniment.models import Contact, Priority, Step
from maillage.audit.services import apply_changes, record_event
from maillage.core.periods import months_later
from maillage.families import models as family_models
from maillage.families.models import Assignment, Family, Member, Status
from maillage.families.services import save_with_free_code
from maillage.referrals.models import ReferralEvent
from maillage.rights.models import AccessRequest, Disclosure

from .models import MAX_MONTHS, Rectification, RetentionRun, RetentionSchedule

logger = logging.getLogger(__name__)

#: The identity, with the keyed indexes that would let someone find it again by search.
IDENTITY_FIELDS = (*family_models.IDENTITY_FIELDS, *family_models.IDENTITY_INDEX_FIELDS)
#: Free text on the family's row, and the context factors (the most sensitive categories).
FAMILY_TEXT_FIELDS = ("strengths_note", "languages", "context_factors")


class RetentionError(Exception):
    """A schedule that cannot be saved; the message is for the person (translated)."""


def schedule_of(organization) -> RetentionSchedule:
    """The saved schedule, or an unsaved one holding the defaults (``pk is None``)."""
    schedule = RetentionSchedule.objects.for_org(organization).first()
    return schedule or RetentionSchedule(organization=organization)


@transaction.atomic
def save_schedule(actor, organization, *, identity_months: int, file_months: int):
    if identity_months > file_months:
        raise RetentionError(
            _("The identity must be destroyed no later than the file is anonymized.")
        )
    if not (0 <= identity_months <= MAX_MONTHS and 0 <= file_months <= MAX_MONTHS):
        raise RetentionError(_("Give delays between 0 and %(max)s months.") % {"max": MAX_MONTHS})
    schedule = schedule_of(organization)
    creating = schedule.pk is None
    values = {"identity_months": identity_months, "file_months": file_months}
    schedule.updated_by = actor
    if not creating:
        apply_changes(
            actor,
            schedule,
            values,
            "retention.schedule.changed",
            also_save=["updated_by", "updated_at"],
        )
        return schedule
    for name, value in values.items():
        setattr(schedule, name, value)
    schedule.save()
    record_event(
        actor,
        "retention.schedule.set",
        organization=organization,
        target=schedule,
        changed_fields=list(values),
    )
    return schedule


def _closed_before(organization, day: datetime.date):
    return Family.objects.for_org(organization).filter(
        status=Status.CLOSED, status_changed_on__lte=day
    )


def identities_due(organization, schedule, today: datetime.date):
    """Closed families past the identity delay that still hold some identity.

    An encrypted field stores an empty value as NULL, hence ``isnull``.
    """
    cutoff = months_later(today, -schedule.identity_months)
    return _closed_before(organization, cutoff).filter(
        Q(nickname__isnull=False)
        | Q(phone__isnull=False)
        | Q(address__isnull=False)
        | ~Q(nickname_index="")
        | ~Q(phone_index="")
    )


def _file_text_left():
    """A condition true while a family's file holds something the anonymization removes."""
    family = OuterRef("pk")
    return (
        ~Q(strengths_note="")
        | ~Q(languages="")
        | ~Q(context_factors=[])
        | Exists(Contact.objects.within(family=family).filter(note__isnull=False))
        | Exists(ReferralEvent.objects.within(referral__family=family).filter(note__isnull=False))
        | Exists(Assignment.objects.within(family=family).filter(handover_note__isnull=False))
        | Exists(Priority.objects.within(family=family).exclude(title=""))
        | Exists(Step.objects.within(priority__family=family).exclude(description=""))
        | Exists(Member.objects.within(family=family).filter(birth_month__isnull=False))
        | Exists(Disclosure.objects.within(family=family).filter(content__isnull=False))
        | Exists(AccessRequest.objects.within(family=family).exclude(refusal_reason=""))
    )


def files_due(organization, schedule, today: datetime.date):
    """Closed families past the file delay whose file still holds free text."""
    cutoff = months_later(today, -schedule.file_months)
    return _closed_before(organization, cutoff).filter(_file_text_left())


@dataclass(frozen=True)
class Plan:
    """What a run would do for one organization: counts, never families."""

    identities: int
    files: int

    @property
    def empty(self) -> bool:
        return not (self.identities or self.files)


def plan_for(organization, today: datetime.date | None = None) -> Plan:
    today = today or timezone.localdate()
    schedule = schedule_of(organization)
    return Plan(
        identities=identities_due(organization, schedule, today).count(),
        files=files_due(organization, schedule, today).count(),
    )


def _retention_event(family, action, fields):
    # The system acts, not a person: the actor is empty and the fields are names only.
    record_event(
        None, action, organization=family.organization, target=family, changed_fields=fields
    )


def _bump_version(family):
    """An edit form opened before the run must not write the removed values back."""
    Family.objects.for_org(family.organization).filter(pk=family.pk).update(
        version=F("version") + 1
    )


@transaction.atomic
def destroy_identity(family: Family, schedule, today: datetime.date) -> bool:
    """Erase the identity of one due family; ``False`` when it is no longer due (reopened,
    already erased) by the time its row is locked."""
    organization = family.organization
    due = identities_due(organization, schedule, today).select_for_update()
    family = due.filter(pk=family.pk).first()
    if family is None:
        return False
    changed = [name for name in IDENTITY_FIELDS if getattr(family, name)]
    for name in IDENTITY_FIELDS:
        setattr(family, name, "")
    family.save(update_fields=list(IDENTITY_FIELDS))
    _bump_version(family)
    _retention_event(family, "family.retention.identity.destroyed", changed)
    return True


@transaction.atomic
def anonymize_file(family: Family, schedule, today: datetime.date) -> bool:
    """Remove the free text of one due family's file and keep what counts.

    Kept: dates, statuses and reasons (as categories), contacts' dates, modes and minutes,
    referrals and their outcomes, members' roles and birth years. The family code is drawn
    again, so that a code written down anywhere no longer leads to what is left.
    """
    organization = family.organization
    family = files_due(organization, schedule, today).select_for_update().filter(pk=family.pk)
    family = family.first()
    if family is None:
        return False
    changed = []
    removed = {
        "contacts.note": Contact.objects.within(family=family)
        .filter(note__isnull=False)
        .update(note=""),
        "referrals.events.note": ReferralEvent.objects.within(referral__family=family)
        .filter(note__isnull=False)
        .update(note=""),
        "assignments.handover_note": Assignment.objects.within(family=family)
        .filter(handover_note__isnull=False)
        .update(handover_note=""),
        "priorities.title": Priority.objects.within(family=family)
        .exclude(title="")
        .update(title=""),
        "steps.description": Step.objects.within(priority__family=family)
        .exclude(description="")
        .update(description=""),
        "members.birth_month": Member.objects.within(family=family)
        .filter(birth_month__isnull=False)
        .update(birth_month=None),
        # The register keeps each disclosure's legal basis, recipient and date; what was sent
        # goes, like the reason a request was refused.
        "disclosures.content": Disclosure.objects.within(family=family)
        .filter(content__isnull=False)
        .update(content=""),
        "access_requests.refusal_reason": AccessRequest.objects.within(family=family)
        .exclude(refusal_reason="")
        .update(refusal_reason=""),
    }
    changed += [name for name, count in removed.items() if count]
    family_fields = [name for name in FAMILY_TEXT_FIELDS if getattr(family, name)]
    family.strengths_note = family.languages = ""
    family.context_factors = []
    family.save(update_fields=list(FAMILY_TEXT_FIELDS))
    _redraw_code(family)
    _bump_version(family)
    _retention_event(family, "family.retention.file.anonymized", [*family_fields, *changed, "code"])
    return True


def _redraw_code(family):
    def save(code):
        family.code = code
        family.save(update_fields=["code"])

    save_with_free_code(save, error=RetentionError)


def apply_retention(organization, today: datetime.date | None = None) -> RetentionRun:
    """Destroy the identities and anonymize the files that are due, one transaction per
    family, then record the run. Identities first: a family due for both loses both.

    A family that fails (its transaction rolled back) does not stop the others: the run is
    recorded with what was done, then ``RetentionError`` says how many failed, so that the
    nightly command reports it and the family is tried again the next night."""
    today = today or timezone.localdate()
    schedule = schedule_of(organization)
    run = RetentionRun(organization=organization)
    failed = 0
    steps = (
        (identities_due, destroy_identity, "identities_destroyed"),
        (files_due, anonymize_file, "files_anonymized"),
    )
    try:
        for due, apply, counter in steps:
            for family in list(due(organization, schedule, today)):
                try:
                    done = apply(family, schedule, today)
                except Exception as exc:
                    failed += 1
                    # The family's id and the kind of error only: a database error's message
                    # can quote the row's values (its code), which stay out of the logs.
                    logger.error(
                        "Retention failed for family id %s: %s.", family.pk, type(exc).__name__
                    )
                    continue
                setattr(run, counter, getattr(run, counter) + done)
    finally:
        run.save()
    if failed:
        raise RetentionError(
            ngettext(
                "%(count)s family could not be processed; it will be tried again.",
                "%(count)s families could not be processed; they will be tried again.",
                failed,
            )
            % {"count": failed}
        )
    return run


@transaction.atomic
def record_rectification(
    actor, family: Family, *, field: str, reason: str, requested_by_family: bool, rectified_on
) -> Rectification:
    """Note that ``field`` of the family's record was corrected, so the family can be told.
    The correction itself is made on the record's own page (and audited there)."""
    if rectified_on > timezone.localdate():
        raise RetentionError(_("A correction cannot be dated in the future."))
    rectification = Rectification.objects.create(
        organization=family.organization,
        family=family,
        field=field,
        reason=reason,
        requested_by_family=requested_by_family,
        rectified_on=rectified_on,
        recorded_by=actor,
    )
    record_event(
        actor,
        "family.rectification.recorded",
        organization=family.organization,
        target=family,
        changed_fields=["rectifications"],
    )
    return rectification
