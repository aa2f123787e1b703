"""Readable, translated names for the dotted audit actions."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "account.created": _("Account created"),
    "account.login": _("Logged in"),
    "account.logout": _("Logged out"),
    "account.deactivated": _("Account closed"),
    "account.reactivated": _("Account reopened"),
    "account.mfa.added": _("Two-factor authentication added"),
    "account.mfa.removed": _("Two-factor authentication removed"),
    "membership.invited": _("Member invited"),
    "membership.invitation.accepted": _("Invitation accepted"),
    "membership.invitation.revoked": _("Invitation cancelled"),
    "membership.deactivated": _("Member deactivated"),
    "membership.reactivated": _("Member reactivated"),
    "membership.platform.granted": _("Platform role granted"),
    "organization.created": _("Organization created"),
    "organization.updated": _("Organization updated"),
    "community.created": _("Community created"),
    "community.updated": _("Community updated"),
    "reference.municipalities.loaded": _("Municipal reference loaded"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def action_choices():
    return sorted(((key, str(label)) for key, label in ACTION_LABELS.items()), key=lambda c: c[1])
