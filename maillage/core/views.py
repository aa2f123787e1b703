from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.accompaniment.models import Contact, Step
from maillage.accounts.models import Invitation, Membership, User
from maillage.audit.models import AuditEvent
from maillage.audit.services import platform_log_events
from maillage.families.access import families_for
from maillage.organizations.models import Community, Milieu, Organization
from maillage.outreach.forms import QuickLogForm
from maillage.referrals.selectors import due_referrals

from .access import login_required_view
from .middleware import SESSION_KEY


def root(request):
    return redirect("core:home" if request.user.is_authenticated else "account_login")


@login_required_view
def home(request):
    """Each role lands on what it needs first."""
    membership = request.membership
    if membership is None:
        return render(request, "core/home_no_membership.html")
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
    return render(request, "core/home_member.html", context)


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
        "core/home_evaluator.html",
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
        "core/home_admin.html",
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
    return redirect(next_url or "core:home")


def my_day_context(request):
    """Ma journée: the worker's families, steps due, families without news."""
    today = timezone.localdate()
    organization = request.organization
    mine = families_for(request).assigned_to(request.user).exclude(status="closed")
    # Families never contacted first, then the longest without news (same on every database).
    families = list(
        mine.select_related("municipality").order_by(
            F("last_contact_on").asc(nulls_first=True), "code"
        )[:MY_DAY_ROWS]
    )
    open_steps = Step.objects.within(priority__family__in=mine).exclude(
        status__in=["done", "dropped"]
    )
    next_step = {}
    for step in (
        open_steps.filter(priority__family__in=[f.pk for f in families])
        .select_related("priority")
        .order_by(F("due_on").asc(nulls_last=True), "created_at")
    ):
        next_step.setdefault(step.priority.family_id, step)
    stale_before = today - timedelta(weeks=organization.stale_after_weeks)
    stale = mine.filter(Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=stale_before))
    return {
        "my_families": [(family, next_step.get(family.pk)) for family in families],
        "my_family_count": mine.count(),
        "steps_due": open_steps.filter(due_on__lte=today + timedelta(days=7))
        .select_related("priority__family")
        .order_by("due_on")[:MY_DAY_ROWS],
        "stale_families": stale.order_by(F("last_contact_on").asc(nulls_first=True))[:MY_DAY_ROWS],
        "stale_weeks": organization.stale_after_weeks,
        "today": today,
        "referrals_to_follow": due_referrals(request, assigned_to=request.user),
        "contact_count_week": Contact.objects.within(family__in=families_for(request))
        .filter(
            worker=request.user,
            date__gte=today - timedelta(days=6),
        )
        .count(),
    }


MY_DAY_ROWS = 50
