"""Changes of state for people and memberships. Each one is audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from maillage.audit.services import record_event

from .models import PLATFORM_ROLES, AccountSession, Invitation, Membership, Role, User

INVITATION_VALIDITY = timedelta(days=7)


class InvitationError(Exception):
    """The invitation cannot be used (message is user-facing and translated)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def end_sessions(user) -> int:
    """Log a person out everywhere."""
    deleted, _ = AccountSession.objects.filter(user=user).delete()
    return deleted


def holds_platform_role(email: str) -> bool:
    """An evaluator's or administrator's account: its owner sees across organizations."""
    return (
        Membership.objects.across_organizations("a person's platform roles, by address")
        .active()
        .filter(user__email__iexact=email, role__in=PLATFORM_ROLES)
        .exists()
    )


def _is_manager_of(user, organization) -> bool:
    return (
        Membership.objects.for_org(organization).active().filter(user=user, role=Role.PG).exists()
    )


@transaction.atomic
def invite_member(actor, organization, email: str, role: str, *, base_url: str) -> Invitation:
    """Invite someone by e-mail; an earlier pending invitation to the same address is revoked.

    A manager of the organization approves by inviting. Anyone else (the platform
    administrator) makes an invitation that waits for a manager's approval whenever the
    organization has a manager; to a platform account or to oneself it is refused when
    nobody can approve it, so the platform never grants itself a way into families.
    """
    email = email.strip().lower()
    now = timezone.now()
    by_manager = _is_manager_of(actor, organization)
    approval_required = False
    if not by_manager:
        has_approver = Membership.objects.for_org(organization).active().filter(role=Role.PG)
        platform_invitee = email == actor.email.lower() or holds_platform_role(email)
        if platform_invitee and not has_approver.exists():
            raise InvitationError(
                translation.gettext(
                    "This address belongs to a platform account (or to you): it can join an "
                    "organization only with the approval of one of its managers, and this "
                    "organization has none yet."
                )
            )
        approval_required = has_approver.exists()
    Invitation.objects.for_org(organization).pending().filter(email=email).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=actor,
        expires_at=now + INVITATION_VALIDITY,
        approval_required=approval_required,
        approved_at=now if by_manager else None,
        approved_by=actor if by_manager else None,
    )
    url = base_url.rstrip("/") + reverse("accounts:accept_invitation", args=[token])
    context = {"invitation": invitation, "url": url, "inviter": actor}
    # The invitee has not chosen a language yet: write in the inviter's.
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation_message.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    record_event(
        actor,
        "membership.invited",
        organization=organization,
        target=invitation,
        changed_fields=["email", "role"],
    )
    return invitation


def find_pending_invitation(token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.across_organizations("the token itself proves the right to see it")
        .select_related("organization")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_pending or not invitation.organization.is_active:
        return None
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> Membership:
    """Join the organization. ``user`` must own the invited address."""
    if user.email.lower() != invitation.email.lower():
        raise InvitationError(
            translation.gettext("This invitation was sent to another e-mail address.")
        )
    invitation = (
        Invitation.objects.for_org(invitation.organization)
        .select_for_update()
        .get(pk=invitation.pk)
    )
    if not invitation.is_pending:
        raise InvitationError(translation.gettext("This invitation is no longer valid."))
    if invitation.approved_at is None and (
        invitation.approval_required or holds_platform_role(user.email)
    ):
        raise InvitationError(approval_pending_message())
    membership = Membership.objects.for_org(invitation.organization).filter(user=user).first()
    if membership is None:
        membership = Membership.objects.create(
            user=user, organization=invitation.organization, role=invitation.role
        )
    else:
        membership.role = invitation.role
        membership.is_active = True
        membership.deactivated_at = None
        membership.save(update_fields=["role", "is_active", "deactivated_at"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record_event(
        user,
        "membership.invitation.accepted",
        organization=invitation.organization,
        target=membership,
        changed_fields=["role"],
    )
    return membership


def approval_pending_message():
    return translation.gettext(
        "This invitation waits for the approval of a manager of the organization. "
        "You can use it once they approve it."
    )


@transaction.atomic
def approve_invitation(actor, invitation: Invitation) -> None:
    """A manager of the organization lets an invitation made by the platform be accepted."""
    invitation.approved_at = timezone.now()
    invitation.approved_by = actor
    invitation.save(update_fields=["approved_at", "approved_by"])
    record_event(
        actor,
        "membership.invitation.approved",
        organization=invitation.organization,
        target=invitation,
        changed_fields=["approved_at", "approved_by"],
    )


@transaction.atomic
def create_user_from_invitation(invitation: Invitation, full_name: str, password: str) -> User:
    if invitation.awaits_approval:
        raise InvitationError(approval_pending_message())
    user = User.objects.create_user(invitation.email, password, full_name=full_name.strip())
    record_event(user, "account.created", organization=invitation.organization, target=user)
    accept_invitation(invitation, user)
    return user


@transaction.atomic
def revoke_invitation(actor, invitation: Invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record_event(
        actor,
        "membership.invitation.revoked",
        organization=invitation.organization,
        target=invitation,
        changed_fields=["revoked_at"],
    )


@transaction.atomic
def deactivate_membership(actor, membership: Membership) -> None:
    """Take a member out of the organization and end every session of theirs."""
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at"])
    end_sessions(membership.user)
    record_event(
        actor,
        "membership.deactivated",
        organization=membership.organization,
        target=membership,
        changed_fields=["is_active"],
    )


@transaction.atomic
def unlock_sign_in(actor, membership: Membership) -> bool:
    """A manager lifts the wait that failed passwords put on a member's sign-in."""
    from . import throttle

    if not throttle.clear(membership.user.email):
        return False
    record_event(
        actor,
        "account.login.unlocked",
        organization=membership.organization,
        target=membership.user,
    )
    return True


@transaction.atomic
def reactivate_membership(actor, membership: Membership) -> None:
    membership.is_active = True
    membership.deactivated_at = None
    membership.save(update_fields=["is_active", "deactivated_at"])
    record_event(
        actor,
        "membership.reactivated",
        organization=membership.organization,
        target=membership,
        changed_fields=["is_active"],
    )


@transaction.atomic
def set_account_active(actor, user: User, active: bool) -> None:
    """Platform administration: open or close a person's account as a whole."""
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        end_sessions(user)
    record_event(
        actor,
        "account.reactivated" if active else "account.deactivated",
        target=user,
        changed_fields=["is_active"],
    )


@transaction.atomic
def create_platform_account(actor, email: str, full_name: str) -> User:
    """An account with no usable password: the person chooses one through the reset link."""
    user = User.objects.create_user(email, None, full_name=full_name.strip())
    record_event(actor, "account.created", target=user)
    return user


@transaction.atomic
def grant_platform_role(actor, user: User, role: str) -> Membership:
    membership, _ = Membership.objects.of_user(user).get_or_create(
        organization=None, role=role, defaults={"user": user}
    )
    if not membership.is_active:
        membership.is_active = True
        membership.deactivated_at = None
        membership.save(update_fields=["is_active", "deactivated_at"])
    record_event(actor, "membership.platform.granted", target=membership, changed_fields=["role"])
    return membership


@transaction.atomic
def set_intake(actor, membership: Membership, open_to_new: bool) -> Membership:
    """A worker opens or pauses their intake of new families (their manager sees it)."""
    membership.intake_open = open_to_new
    membership.intake_changed_on = timezone.localdate()
    membership.save(update_fields=["intake_open", "intake_changed_on"])
    record_event(
        actor,
        "membership.intake.opened" if open_to_new else "membership.intake.paused",
        organization=membership.organization,
        target=membership,
        changed_fields=["intake_open"],
    )
    return membership
