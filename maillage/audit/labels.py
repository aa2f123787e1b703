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
    "security.keys.rotated": _("Encryption keys rotated"),
    "membership.intake.opened": _("Intake of new families opened"),
    "membership.intake.paused": _("Intake of new families paused"),
    "outreach.activity.recorded": _("Outreach activity recorded"),
    "outreach.activity.updated": _("Outreach activity corrected"),
    "outreach.strategy.added": _("Outreach strategy added"),
    "outreach.strategy.updated": _("Outreach strategy changed"),
    "family.created": _("Family created"),
    "family.viewed": _("Family record consulted"),
    "family.list.viewed": _("List of families with identities consulted"),
    "family.updated": _("Family updated"),
    "family.identity.updated": _("Family identity changed"),
    "family.status.changed": _("Family status changed"),
    "family.consent.recorded": _("Consent recorded"),
    "family.consent.withdrawn": _("Consent withdrawn"),
    "family.member.added": _("Household member added"),
    "family.member.updated": _("Household member changed"),
    "family.member.removed": _("Household member removed"),
    "family.workers.changed": _("Family workers changed"),
    "family.handed_over": _("Family handed over"),
    "family.contact.recorded": _("Contact recorded"),
    "family.contact.updated": _("Contact corrected"),
    "family.plan.priority.added": _("Priority added to the plan"),
    "family.plan.step.added": _("Step added to the plan"),
    "family.plan.step.updated": _("Plan step updated"),
    "family.referral.created": _("Referral made"),
    "collaboration.logged": _("Collaboration logged"),
    "collaboration.changed": _("Collaboration edited"),
    "collaboration.out_of_mandate.logged": _("Out-of-mandate request logged"),
    "partner.created": _("Partner added"),
    "partner.updated": _("Partner edited"),
    "partner.shared": _("Partner shared with a community"),
    "partner.unshared": _("Partner no longer shared"),
    "partner.service.created": _("Partner service added"),
    "partner.service.updated": _("Partner service edited"),
    "partner.location.created": _("Partner location added"),
    "partner.location.updated": _("Partner location edited"),
    "partner.directory.imported": _("Partner directory imported (HSDS)"),
    "partner.directory.exported": _("Partner directory exported (HSDS)"),
    "family.referral.status.changed": _("Referral status changed"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def action_choices():
    return sorted(((key, str(label)) for key, label in ACTION_LABELS.items()), key=lambda c: c[1])
