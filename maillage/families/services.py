"""Changes of state for families. Each validates, saves in one transaction, and is audited."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import apply_changes, record_event
from maillage.core.fields import index_of
from maillage.privacy.services import has_privacy_officer

from .models import (
    IDENTITY_FIELDS,
    IDENTITY_INDEX_FIELDS,
    Assignment,
    ClosureReason,
    Consent,
    ConsentPurpose,
    Family,
    Member,
    Status,
    StatusChange,
    new_family_code,
)


class FamilyError(Exception):
    """A change that cannot be made; the message is for the person (translated)."""


class StaleFamily(FamilyError):
    """The family changed since the form was shown (edited in another tab or by a colleague)."""


def _audit(actor, action, family, fields=()):
    record_event(
        actor, action, organization=family.organization, target=family, changed_fields=list(fields)
    )


@transaction.atomic
def create_family(
    actor, organization, *, values: dict, members: list[dict], consents: list[dict], activity=None
) -> Family:
    """A new family with its members and the consents given at first contact.

    Without the consent to keep a file there is no family record: the person
    counts the family in the outreach activity instead.
    """
    if not has_privacy_officer(organization):
        # Law 25 (s. 3.1): someone answers for the information before any is kept.
        raise FamilyError(
            _(
                "Your organization must name its person in charge of the protection of "
                "personal information before it adds a family: see the privacy page."
            )
        )
    if not any(c["purpose"] == ConsentPurpose.FILE for c in consents):
        raise FamilyError(
            _("Without the family's consent to keep a file, count it in the outreach activity.")
        )
    strategy = values.pop("origin_strategy", None) or (activity.strategy if activity else None)
    # The first status change opens the file: the family's milestones carry its date.
    today = timezone.localdate()
    accompanied_on = today if values.get("status") == Status.ACCOMPANIED else None
    # Read once: ``save`` may run again with another code.
    milieu = values.pop("milieu", "") or organization.milieu
    family = save_with_free_code(
        lambda code: Family.objects.create(
            organization=organization,
            created_by=actor,
            origin_activity=activity,
            origin_strategy=strategy,
            milieu=milieu,
            code=code,
            opened_on=today,
            accompanied_on=accompanied_on,
            **values,
        )
    )
    Member.objects.bulk_create(Member(family=family, **member) for member in members)
    for consent in consents:
        Consent.objects.create(family=family, recorded_by=actor, **consent)
    Assignment.objects.create(family=family, worker=actor)
    StatusChange.objects.create(
        family=family, to_status=family.status, changed_on=today, changed_by=actor
    )
    _audit(actor, "family.created", family, [*values.keys(), "members", "consents", "assignment"])
    return family


def save_with_free_code(save, *, error=FamilyError):
    """What ``save(code)`` returns, for a family code drawn at random and drawn again while
    the organization already uses it (the unique constraint refuses the row). Each attempt
    runs in a savepoint, so a refused one leaves the caller's transaction usable. After five
    codes taken in a row (with 30^6 codes per organization, not by chance), raises ``error``:
    ``FamilyError``, or the caller's own kind of error."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return save(new_family_code())
        except IntegrityError:  # the random code is taken: draw another
            continue
    raise error(_("No free family code was found; try again."))


def _lock(family: Family, expected_version: int) -> Family:
    """Take the row, refusing when someone saved it since ``expected_version`` was read."""
    bumped = (
        Family.objects.for_org(family.organization)
        .filter(pk=family.pk, version=expected_version)
        .update(version=F("version") + 1)
    )
    if not bumped:
        raise StaleFamily(
            _(
                "This family was changed by someone else since you opened the page. "
                "Your entries are still in the form: check the current record, then save again."
            )
        )
    family.version = expected_version + 1
    return family


def current_version(family: Family) -> int:
    return (
        Family.objects.for_org(family.organization)
        .values_list("version", flat=True)
        .get(pk=family.pk)
    )


@transaction.atomic
def update_family(actor, family: Family, *, values: dict, expected_version: int) -> Family:
    """Save the edited fields of a family (not its identity nor its status)."""
    _lock(family, expected_version)
    apply_changes(actor, family, values, "family.updated")
    return family


def consent_in_force(family: Family, purpose: str, partner_name: str = "") -> bool:
    consents = family.consents.in_force().filter(purpose=purpose)
    if partner_name:
        consents = consents.filter(partner_name__iexact=partner_name)
    return consents.exists()


@transaction.atomic
def set_identity(
    actor, family: Family, *, nickname: str, phone: str, address: str, expected_version: int
) -> Family:
    """Record or change the identity: only where the organization allows it and the
    family consented. Stored encrypted; searchable through keyed indexes."""
    if not family.organization.identity_enabled:
        raise FamilyError(_("Your organization does not record families' identity."))
    if (nickname or phone or address) and not consent_in_force(family, ConsentPurpose.IDENTITY):
        raise FamilyError(_("Record the family's consent to keep its identity first."))
    _lock(family, expected_version)
    values = {"nickname": nickname.strip(), "phone": phone.strip(), "address": address.strip()}
    # The keyed indexes follow the values (saved with them, never reported: they are no field
    # of the family's).
    family.nickname_index = index_of(values["nickname"])
    family.phone_index = index_of(normalize_phone(values["phone"]))
    apply_changes(actor, family, values, "family.identity.updated", also_save=IDENTITY_INDEX_FIELDS)
    return family


def normalize_phone(phone: str) -> str:
    """Digits only, without the North American country code: 1 (514) 555-0100 = 5145550100."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def _erase_identity(family: Family):
    fields = [*IDENTITY_FIELDS, *IDENTITY_INDEX_FIELDS]
    for name in fields:
        setattr(family, name, "")
    family.save(update_fields=fields)


ALLOWED = {
    Status.FIRST_CONTACT: {Status.BUILDING_BOND, Status.ACCOMPANIED, Status.PAUSED, Status.CLOSED},
    Status.BUILDING_BOND: {Status.ACCOMPANIED, Status.PAUSED, Status.CLOSED},
    Status.ACCOMPANIED: {Status.BUILDING_BOND, Status.PAUSED, Status.CLOSED},
    Status.PAUSED: {Status.BUILDING_BOND, Status.ACCOMPANIED, Status.CLOSED},
    # Reopening a closed file starts again from the bond (with the file consent in force).
    Status.CLOSED: {Status.BUILDING_BOND, Status.ACCOMPANIED},
}


@transaction.atomic
def change_status(
    actor, family: Family, to_status: str, *, reason: str = "", expected_version: int
) -> Family:
    if to_status not in ALLOWED[family.status]:
        raise FamilyError(_("This change of status is not possible."))
    if to_status == Status.CLOSED and not reason:
        raise FamilyError(_("Say why the file is closed."))
    if family.status == Status.CLOSED and not consent_in_force(family, ConsentPurpose.FILE):
        raise FamilyError(_("Record the family's consent to keep a file before reopening it."))
    _lock(family, expected_version)
    today = timezone.localdate()
    StatusChange.objects.create(
        family=family,
        from_status=family.status,
        to_status=to_status,
        reason=reason if to_status == Status.CLOSED else "",
        changed_on=today,
        changed_by=actor,
    )
    family.status = to_status
    family.status_changed_on = today
    family.closure_reason = reason if to_status == Status.CLOSED else ""
    fields = ["status", "status_changed_on", "closure_reason"]
    # The first accompaniment only: a family accompanied again keeps its first date.
    if to_status == Status.ACCOMPANIED and family.accompanied_on is None:
        family.accompanied_on = today
        fields.append("accompanied_on")
    family.save(update_fields=fields)
    _audit(actor, "family.status.changed", family, ["status"])
    return family


@transaction.atomic
def record_consent(actor, family: Family, **values) -> Consent:
    consent = Consent.objects.create(family=family, recorded_by=actor, **values)
    _audit(actor, "family.consent.recorded", family, ["consents"])
    return consent


@transaction.atomic
def withdraw_consent(actor, consent: Consent) -> Consent:
    """Stops future use at once: the identity is erased, the file is closed, the family is
    left out of statistics — depending on the purpose withdrawn."""
    if consent.withdrawn_on is not None:
        return consent
    consent.withdrawn_on = timezone.localdate()
    consent.save(update_fields=["withdrawn_on"])
    family = (
        Family.objects.for_org(consent.family.organization)
        .select_for_update()
        .get(pk=consent.family_id)
    )
    if consent.purpose == ConsentPurpose.IDENTITY and not consent_in_force(
        family, ConsentPurpose.IDENTITY
    ):
        _erase_identity(family)
    if (
        consent.purpose == ConsentPurpose.FILE
        and family.status != Status.CLOSED
        and not consent_in_force(family, ConsentPurpose.FILE)
    ):
        StatusChange.objects.create(
            family=family,
            from_status=family.status,
            to_status=Status.CLOSED,
            reason=ClosureReason.CONSENT_WITHDRAWN,
            changed_by=actor,
        )
        family.status = Status.CLOSED
        family.closure_reason = ClosureReason.CONSENT_WITHDRAWN
        family.status_changed_on = timezone.localdate()
        family.save(update_fields=["status", "closure_reason", "status_changed_on"])
    Family.objects.for_org(family.organization).filter(pk=family.pk).update(
        version=F("version") + 1
    )
    _audit(actor, "family.consent.withdrawn", family, ["consents"])
    return consent


@transaction.atomic
def save_member(actor, family: Family, member: Member, values: dict) -> Member:
    if member.pk is not None:
        apply_changes(actor, member, values, "family.member.updated", target=family)
        return member
    member = Member.objects.create(family=family, **values)
    _audit(actor, "family.member.added", family, [name for name in values if values[name]])
    return member


@transaction.atomic
def remove_member(actor, member: Member) -> None:
    family = member.family
    member.delete()
    _audit(actor, "family.member.removed", family, ["members"])


@transaction.atomic
def assign_workers(actor, family: Family, workers) -> None:
    """The family's workers become exactly ``workers`` (at least one)."""
    wanted = {worker.pk: worker for worker in workers}
    if not wanted:
        raise FamilyError(_("A family needs at least one worker."))
    family.assignments.exclude(worker__in=wanted).delete()
    existing = set(family.assignments.values_list("worker_id", flat=True))
    Assignment.objects.bulk_create(
        Assignment(family=family, worker=worker)
        for pk, worker in wanted.items()
        if pk not in existing
    )
    _audit(actor, "family.workers.changed", family, ["assignments"])


@transaction.atomic
def hand_over(actor, organization, *, from_worker, to_worker, note: str) -> int:
    """Give all of a worker's families to a colleague, with a handover note, in one action."""
    if from_worker.pk == to_worker.pk:
        raise FamilyError(_("Choose two different people."))
    families = list(Family.objects.for_org(organization).filter(assignments__worker=from_worker))
    for family in families:
        family.assignments.filter(worker=from_worker).delete()
        assignment, _created = family.assignments.get_or_create(worker=to_worker)
        assignment.handover_note = note
        assignment.save(update_fields=["handover_note"])
        _audit(actor, "family.handed_over", family, ["assignments", "handover_note"])
    return len(families)


def record_read(actor, family: Family) -> None:
    """Reading a family record is audited too (who looked, when)."""
    _audit(actor, "family.viewed", family)


def record_list_read(actor, organization) -> None:
    """A list that showed identities was consulted (no family named in the audit)."""
    record_event(
        actor, "family.list.viewed", organization=organization, changed_fields=["nickname"]
    )
