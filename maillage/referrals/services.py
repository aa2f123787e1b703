"""Changes of state for referrals. Each validates, saves in one transaction, and is audited
(field names only, never values)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maillage.audit.services import record_event
from maillage.core.taxonomy import Need
from maillage.families.models import ConsentPurpose, Family, Status
from maillage.families.services import consent_in_force
from maillage.lib import referral_flow as flow
from maillage.partners.models import Partner

from .models import Referral, ReferralEvent
from .signals import referral_not_received


class ReferralError(Exception):
    """A referral that cannot be made or changed; the message is for the person (translated)."""


def _refusal_message(code: str) -> str:
    return {
        "reason_required": _("Choose the reason from the list."),
        "unknown_reason": _("Choose the reason from the list."),
        "reason_not_expected": _("A reason is only given when the referral ends."),
    }.get(code, _("This change of status is not possible."))


def _audit(actor, action, family, fields):
    record_event(
        actor, action, organization=family.organization, target=family, changed_fields=list(fields)
    )


def _refuse_when_closed(family: Family):
    if family.status == Status.CLOSED:
        raise ReferralError(
            _("This family's file is closed: reopen it before changing a referral.")
        )


def sharing_covers(family: Family, partner_name: str) -> bool:
    """The family's consent to share information with this partner is in force
    (the consent names the partner; compared without regard to case)."""
    partner_name = partner_name.strip()
    return bool(partner_name) and consent_in_force(
        family, ConsentPurpose.SHARE_WITH_PARTNER, partner_name
    )


@transaction.atomic
def create_referral(
    actor,
    family: Family,
    need: str,
    service=None,
    partner_name: str = "",
    *,
    follow_up_on: date | None = None,
    accompanied: bool = False,
    interpreter_used: bool = False,
    transport_provided: bool = False,
    note: str = "",
) -> Referral:
    """Refer ``family`` to ``service`` (of the directory) or to a partner typed in.

    Without the family's sharing consent for that partner, the referral is recorded as
    information given to the family (``information_only``): nothing about the family
    leaves the organization.
    """
    if family.status == Status.CLOSED:
        raise ReferralError(_("This family's file is closed: reopen it before referring it."))
    if need not in Need.values:
        raise ReferralError(_("Choose the need from the list."))
    partner_name = partner_name.strip()
    if (service is None) == (not partner_name):
        raise ReferralError(
            _("Choose a service from the directory, or type the name of another partner.")
        )
    if service is not None and not (
        Partner.objects.visible_to(family.organization).filter(pk=service.partner_id).exists()
    ):
        raise ReferralError(_("Choose a service from your organization's directory."))
    partner = service.partner.name if service is not None else partner_name
    referral = Referral.objects.create(
        family=family,
        need=need,
        service=service,
        partner_name="" if service is not None else partner_name,
        follow_up_on=follow_up_on,
        accompanied=accompanied,
        interpreter_used=interpreter_used,
        transport_provided=transport_provided,
        information_only=not sharing_covers(family, partner),
        created_by=actor,
    )
    ReferralEvent.objects.create(
        referral=referral, from_status="", to_status=referral.status, note=note, by=actor
    )
    fields = ["need", "service" if service is not None else "partner_name", "status"]
    fields += [
        name
        for name, value in (
            ("follow_up_on", follow_up_on),
            ("accompanied", accompanied),
            ("interpreter_used", interpreter_used),
            ("transport_provided", transport_provided),
            ("note", note),
        )
        if value
    ]
    _audit(actor, "family.referral.created", family, fields)
    return referral


@transaction.atomic
def change_status(
    actor,
    referral: Referral,
    to_status: str,
    reason: str = "",
    note: str = "",
    on: date | None = None,
    *,
    follow_up_on: date | None = None,
) -> Referral:
    """Move ``referral`` to ``to_status`` (see ``maillage/lib/referral_flow.py``), dated ``on``
    (today by default), appending one ``ReferralEvent``.

    The row is locked first: two people changing the same referral at once cannot both
    apply a transition from the same status. An outcome clears the follow-up date;
    otherwise ``follow_up_on`` replaces it when given.
    """
    locked = Referral.objects.for_org(referral.organization).select_for_update().get(pk=referral.pk)
    family = referral.family
    _refuse_when_closed(family)
    try:
        flow.check_transition(locked.status, to_status, reason)
    except flow.TransitionRefused as refused:
        raise ReferralError(_refusal_message(refused.code)) from refused
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ReferralError(_("A change of status cannot be dated in the future."))
    last = locked.events.order_by("-on", "-at", "-id").first()
    earliest = max(locked.created_on, last.on) if last else locked.created_on
    if on < earliest:
        raise ReferralError(
            _("A change of status cannot be dated before the previous one (%(date)s).")
            % {"date": date_format(earliest, "SHORT_DATE_FORMAT")}
        )
    ReferralEvent.objects.create(
        referral=locked,
        from_status=locked.status,
        to_status=to_status,
        reason=reason,
        note=note,
        on=on,
        by=actor,
    )
    changed = ["status"]
    locked.status = to_status
    new_follow_up = None if flow.is_terminal(to_status) else (follow_up_on or locked.follow_up_on)
    if new_follow_up != locked.follow_up_on:
        locked.follow_up_on = new_follow_up
        changed.append("follow_up_on")
    locked.save(update_fields=changed)
    for name in changed:
        setattr(referral, name, getattr(locked, name))
    audit_fields = changed + [name for name, value in (("reason", reason), ("note", note)) if value]
    _audit(actor, "family.referral.status.changed", family, audit_fields)
    if to_status in (flow.NOT_USED, flow.REFUSED):
        # A structural reason (transport, waiting time…) feeds the register of service gaps
        # at once, not only when someone next opens it.
        referral_not_received.send(Referral, referral=referral, actor=actor)
    return referral
