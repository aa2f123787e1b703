from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.accounts.models import Invitation, Membership, User
from maillage.audit.models import AuditEvent
from maillage.audit.services import platform_log_events
from maillage.core.access import login_required_view
from maillage.organizations.models import Community, Milieu, Organization
from maillage.outreach.forms import QuickLogForm

from .middleware import SESSION_KEY
from .selectors import my_day_context


def root(request):
    return redirect("shell:home" if request.user.is_authenticated else "account_login")


@login_required_view
def home(request):
    """Each role lands on what it needs first."""
    membership = request.membership
    if membership is None:
        return render(request, "shell/home_no_membership.html")
    if membership.can_administer_platform:
        return _admin_home(request)
    if membership.can_see_aggregates_across_organizations:
        return _evaluator_home(request)
    return _member_home(request)


def _member_home(request):
    organization = request.organization
    team = (
        Membership.objects.for_org(organization)
        .active()
        .select_related("user")
        .order_by("role", "user__full_name")
    )
    context = {
        "team": team,
        "org": organization,
        "quick_log_form": QuickLogForm(organization=organization),
        **my_day_context(request),
    }
    if request.membership.can_manage_team:
        context["pending_invitations"] = Invitation.objects.for_org(organization).pending().count()
        context["recent_events"] = AuditEvent.objects.for_org(organization).select_related("actor")[
            :5
        ]
    return render(request, "shell/home_member.html", context)


def _evaluator_home(request):
    """Organizations by milieu and region: no family data at all."""
    organizations = Organization.objects.filter(is_active=True).select_related("region")
    by_milieu = organizations.values("milieu").annotate(total=Count("id")).order_by("milieu")
    labels = dict(Milieu.choices)
    milieux = [(labels.get(row["milieu"], row["milieu"]), row["total"]) for row in by_milieu]
    by_region = (
        organizations.values("region__code", "region__name")
        .annotate(
            rural=Count("id", filter=Q(milieu=Milieu.RURAL)),
            urban=Count("id", filter=Q(milieu=Milieu.URBAN)),
            mixed=Count("id", filter=Q(milieu=Milieu.MIXED)),
            total=Count("id"),
        )
        .order_by("region__code")
    )
    return render(
        request,
        "shell/home_evaluator.html",
        {
            "milieux": milieux,
            "regions": by_region,
            "organization_count": organizations.count(),
            "communities": Community.objects.annotate(size=Count("organizations")),
        },
    )


def _admin_home(request):
    return render(
        request,
        "shell/home_admin.html",
        {
            "organization_count": Organization.objects.count(),
            "community_count": Community.objects.count(),
            "account_count": User.objects.filter(is_active=True).count(),
            "recent_events": platform_log_events().select_related("actor")[:5],
        },
    )


@login_required_view
@require_POST
def switch_membership(request):
    """Make another of the person's memberships the active one."""
    wanted = request.POST.get("membership", "")
    chosen = next((m for m in request.memberships if str(m.uuid) == wanted), None)
    if chosen is None:
        messages.error(request, _("This choice is not available to you."))
    else:
        request.session[SESSION_KEY] = str(chosen.uuid)
        messages.success(request, _("You are now working as: %(context)s.") % {"context": chosen})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    # Land on the home page: the page one was on may belong to the other context.
    return redirect(next_url or "shell:home")
