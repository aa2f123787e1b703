"""Changes of state for contacts and the family's plan. Each validates, saves in one
transaction, and is audited (field names only, never values)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import apply_changes, record_event
from maillage.core.taxonomy import InterventionType, Need
from maillage.families.models import Family, Status

from .models import Contact, Priority, Step, StepStatus

#: What a contact form may set; the worker and the family come from the request.
CONTACT_FIELDS = (
    "date",
    "mode",
    "duration_minutes",
    "travel_minutes",
    "distance_km",
    "needs",
    "interventions",
    "interpreter_used",
    "note",
)


class AccompanimentError(Exception):
    """A change that cannot be made; the message is for the person (translated)."""


class ContactError(AccompanimentError):
    """A contact that cannot be recorded or changed."""


class PlanError(AccompanimentError):
    """A change to the plan that cannot be made."""


def _audit(actor, action, family, fields=()):
    record_event(
        actor, action, organization=family.organization, target=family, changed_fields=list(fields)
    )


def _refuse_when_closed(family: Family, error_class, message: str):
    # A closed file (often: consent withdrawn) takes no new entries; reopen it first.
    if family.status == Status.CLOSED:
        raise error_class(message)


def _check_contact_values(values: dict):
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a contact: {sorted(unknown)}")
    if values.get("date") and values["date"] > timezone.localdate():
        raise ContactError(_("A contact cannot be dated in the future."))
    for name, allowed in (("needs", Need.values), ("interventions", InterventionType.values)):
        if any(value not in allowed for value in values.get(name, [])):
            raise ContactError(_("Choose the needs and interventions from the list."))


def _families(family: Family):
    return Family.objects.for_org(family.organization).filter(pk=family.pk)


@transaction.atomic
def record_contact(actor, family: Family, values: dict) -> Contact:
    """A new contact by ``actor`` with ``family``; the family's last contact moves forward."""
    _refuse_when_closed(
        family,
        ContactError,
        _("This family's file is closed: reopen it before logging a contact."),
    )
    values = dict(values)
    _check_contact_values(values)
    contact = Contact.objects.create(family=family, worker=actor, **values)
    # In the database, not from the copy in memory: two contacts saved at once both count.
    _families(family).filter(
        Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=contact.date)
    ).update(last_contact_on=contact.date)
    if family.last_contact_on is None or family.last_contact_on < contact.date:
        family.last_contact_on = contact.date
    _audit(actor, "family.contact.recorded", family, [name for name in values if values[name]])
    return contact


@transaction.atomic
def update_contact(actor, contact: Contact, values: dict) -> Contact:
    """Correct a contact. Only the fields given are changed (the note is left alone for
    someone who may not see it)."""
    family = contact.family
    _refuse_when_closed(
        family, ContactError, _("This family's file is closed: reopen it before changing it.")
    )
    values = dict(values)
    _check_contact_values(values)
    changed = apply_changes(actor, contact, values, "family.contact.updated", target=family)
    if "date" in changed:
        # A date moved back may leave the family with an older last contact.
        latest = family.contacts.aggregate(latest=Max("date"))["latest"]
        _families(family).update(last_contact_on=latest)
        family.last_contact_on = latest
    return contact


@transaction.atomic
def add_priority(actor, family: Family, title: str, need: str, defined_by_family: bool):
    """A priority of the family's plan, in the family's own words."""
    _refuse_when_closed(
        family, PlanError, _("This family's file is closed: reopen it before changing its plan.")
    )
    title = title.strip()
    if not title:
        raise PlanError(_("Write the priority in the family's words."))
    if need and need not in Need.values:
        raise PlanError(_("Choose the need from the list."))
    priority = Priority.objects.create(
        family=family, title=title, need=need or "", defined_by_family=defined_by_family
    )
    fields = ["title", "defined_by_family", *(["need"] if need else [])]
    _audit(actor, "family.plan.priority.added", family, fields)
    return priority


@transaction.atomic
def add_step(actor, priority: Priority, description: str, due_on=None) -> Step:
    """A small step towards a priority, with an optional date."""
    family = priority.family
    _refuse_when_closed(
        family, PlanError, _("This family's file is closed: reopen it before changing its plan.")
    )
    description = description.strip()
    if not description:
        raise PlanError(_("Describe the step."))
    step = Step.objects.create(priority=priority, description=description, due_on=due_on)
    _audit(
        actor,
        "family.plan.step.added",
        family,
        ["description", *(["due_on"] if due_on else [])],
    )
    return step


@transaction.atomic
def set_step_status(actor, step: Step, status: str) -> Step:
    """Move a step along; the day it is done is kept, and cleared when it is reopened."""
    family = step.priority.family
    _refuse_when_closed(
        family, PlanError, _("This family's file is closed: reopen it before changing its plan.")
    )
    if status not in StepStatus.values:
        raise PlanError(_("Choose a status from the list."))
    if status == step.status:
        return step
    step.status = status
    step.done_on = timezone.localdate() if status == StepStatus.DONE else None
    step.save(update_fields=["status", "done_on"])
    _audit(actor, "family.plan.step.updated", family, ["status", "done_on"])
    return step
