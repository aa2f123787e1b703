"""Changes of state for the family's rights, each audited with a "rights." action name."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.audit.services import record_event

from .models import AccessRequest, Disclosure, RequestStatus, due_date

REQUEST_FIELDS = ("kind", "received_on", "requested_by", "language")
DISCLOSURE_FIELDS = ("legal_basis", "recipient", "content", "sent_by", "sent_on")


class RightsError(Exception):
    """A change the rules do not allow; the message is for the person (translated)."""


@transaction.atomic
def record_request(user, family, values: dict) -> AccessRequest:
    request = AccessRequest.objects.create(
        organization=family.organization,
        family=family,
        recorded_by=user,
        due_on=due_date(values["received_on"]),
        **{name: values[name] for name in REQUEST_FIELDS},
    )
    record_event(
        user,
        "rights.request.recorded",
        organization=family.organization,
        target=request,
        changed_fields=[*REQUEST_FIELDS, "due_on"],
    )
    return request


@transaction.atomic
def close_request(user, request: AccessRequest, *, status: str, on, reason: str = ""):
    """The manager says the answer went out (or was refused, with the reason the Act asks the
    organization to give, s. 34)."""
    request = (
        AccessRequest.objects.for_org(request.organization).select_for_update().get(pk=request.pk)
    )
    if not request.is_open:
        raise RightsError(_("This request is already closed."))
    if status not in (RequestStatus.ANSWERED, RequestStatus.REFUSED):
        raise RightsError(_("Choose whether the request was answered or refused."))
    if status == RequestStatus.REFUSED and not reason.strip():
        raise RightsError(_("Give the reason of the refusal."))
    request.status = status
    request.answered_on = on or timezone.localdate()
    request.refusal_reason = reason.strip() if status == RequestStatus.REFUSED else ""
    request.save(update_fields=["status", "answered_on", "refusal_reason"])
    changed = ["status", "answered_on"] + (["refusal_reason"] if request.refusal_reason else [])
    record_event(
        user,
        f"rights.request.{status}",
        organization=request.organization,
        target=request,
        changed_fields=changed,
    )
    return request


@transaction.atomic
def record_answer_download(user, request: AccessRequest, fmt: str, options) -> None:
    """A download of the answer is a read of the whole file: audited, with what was left in."""
    included = [
        name
        for name, on in (("notes", options.include_notes), ("dpj_disclosures", options.include_dpj))
        if on
    ]
    record_event(
        user,
        "rights.answer.downloaded",
        organization=request.organization,
        target=request,
        changed_fields=[fmt, *included],
    )


@transaction.atomic
def record_disclosure(user, family, values: dict) -> Disclosure:
    disclosure = Disclosure.objects.create(
        organization=family.organization,
        family=family,
        recorded_by=user,
        **{name: values[name] for name in DISCLOSURE_FIELDS},
    )
    record_event(
        user,
        "rights.disclosure.recorded",
        organization=family.organization,
        target=disclosure,
        changed_fields=list(DISCLOSURE_FIELDS),
    )
    return disclosure
