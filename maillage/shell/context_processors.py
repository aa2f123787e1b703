from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.organizations.models import MUNICIPAL_ATTRIBUTION


def _navigation(membership):
    if membership is None:
        return []
    items = [(reverse("shell:home"), _("Home"), "shell:home")]
    if membership.is_organization_member:
        items += [
            (reverse("families:list"), _("Families"), "families:"),
            (reverse("outreach:list"), _("Outreach"), "outreach:"),
            (reverse("referrals:follow_up"), _("Referrals"), "referrals:"),
            (reverse("partners:directory"), _("Partners"), "partners:"),
            (reverse("gaps:register"), _("Service gaps"), "gaps:"),
            (reverse("collaboration:list"), _("Collaborations"), "collaboration:"),
            (reverse("organizations:profile"), _("Organization"), "organizations:"),
        ]
    if membership.can_manage_team:
        items.append((reverse("accounts:team"), _("Team"), "accounts:"))
    if membership.can_evaluate_organization:
        items.append((reverse("evaluation:index"), _("Evaluation"), "evaluation:"))
    if membership.can_see_aggregates_across_organizations:
        items.append((reverse("evaluation:across_index"), _("Evaluation"), "evaluation:"))
    if membership.can_evaluate_organization:
        items.append((reverse("reports:participation"), _("Report"), "reports:"))
    if membership.can_manage_privacy and membership.organization_id:
        items.append((reverse("retention:schedule"), _("Retention"), "retention:"))
        items.append((reverse("rights:requests"), _("Family requests"), "rights:"))
    if membership.can_read_audit:
        items.append((reverse("audit:log"), _("Audit log"), "audit:log"))
    if membership.can_administer_platform:
        items += [
            (reverse("organizations:platform_list"), _("Organizations"), "organizations:"),
            (reverse("accounts:platform_accounts"), _("Accounts"), "accounts:"),
            (reverse("audit:platform_log"), _("Audit log"), "audit:platform_log"),
        ]
    if membership.can_see_aggregates_across_organizations:
        items.append((reverse("research:releases"), _("Research extracts"), "research:"))
    return items


def shell(request):
    membership = getattr(request, "membership", None)
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    navigation = [
        {"url": url, "label": label, "current": current.startswith(prefix)}
        for url, label, prefix in _navigation(membership)
    ]
    return {
        "navigation": navigation,
        "active_membership": membership,
        "memberships": getattr(request, "memberships", []),
        "demo_banner": settings.DEMO_BANNER,
        "idle_minutes": settings.SESSION_IDLE_MINUTES,
        "municipal_attribution": MUNICIPAL_ATTRIBUTION,
    }
