from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from maillage.core.access import get_for_org, member_required

from . import services
from .forms import ActivityFilterForm, OutreachActivityForm, QuickLogForm, StrategyForm
from .models import OutreachActivity, Strategy

PER_PAGE = 30


def _activity(request, uuid):
    return get_for_org(
        request,
        OutreachActivity,
        uuid,
        OutreachActivity.objects.select_related("strategy", "municipality", "worker"),
    )


@member_required("is_organization_member")
@require_POST
def quick_log(request):
    """Two inputs, one button: from the home page, in a car, between two visits."""
    form = QuickLogForm(request.POST, organization=request.organization)
    if not form.is_valid():
        return render(request, "outreach/quick_log_page.html", {"quick_log_form": form})
    activity = services.record_outreach(request.user, request.organization, form.cleaned_data)
    messages.success(
        request,
        ngettext(
            "Outreach saved: %(strategy)s, %(count)s person met.",
            "Outreach saved: %(strategy)s, %(count)s people met.",
            activity.people_met,
        )
        % {"strategy": activity.strategy, "count": activity.people_met},
    )
    return redirect("shell:home")


@member_required("is_organization_member")
def activity_list(request):
    form = ActivityFilterForm(request.GET, organization=request.organization)
    activities = form.apply(OutreachActivity.objects.for_org(request.organization))
    totals = activities.aggregate(
        count=Count("pk"),
        people=Sum("people_met", default=0),
        families=Sum("families_reached", default=0),
        minutes=Sum("duration_minutes", default=0),
    )
    totals["hours"] = totals["minutes"] / 60
    page = Paginator(
        activities.select_related("strategy", "municipality", "worker"), PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "totals": totals}
    template = "outreach/partials/activity_rows.html" if request.htmx else "outreach/list.html"
    return render(request, template, context)


@member_required("is_organization_member")
def activity_create(request):
    form = OutreachActivityForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        activity = services.record_outreach(request.user, request.organization, form.cleaned_data)
        messages.success(request, _("The outreach activity was saved."))
        return redirect("outreach:detail", uuid=activity.uuid)
    return render(request, "outreach/activity_form.html", {"form": form})


@member_required("is_organization_member")
def activity_detail(request, uuid):
    return render(request, "outreach/activity_detail.html", {"activity": _activity(request, uuid)})


@member_required("is_organization_member")
def activity_edit(request, uuid):
    """Any member of the team may correct any activity of the organization."""
    activity = _activity(request, uuid)
    form = OutreachActivityForm(
        request.POST or None, organization=request.organization, activity=activity
    )
    if request.method == "POST" and form.is_valid():
        services.update_outreach(request.user, activity, form.cleaned_data)
        messages.success(request, _("The outreach activity was saved."))
        return redirect("outreach:detail", uuid=activity.uuid)
    return render(request, "outreach/activity_form.html", {"form": form, "activity": activity})


@member_required("can_manage_team")
def strategies(request):
    form = StrategyForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        strategy = services.add_strategy(
            request.user, request.organization, form.cleaned_data["name"]
        )
        messages.success(
            request, _("The strategy %(name)s was added and is in use.") % {"name": strategy}
        )
        return redirect("outreach:strategies")
    return render(
        request,
        "outreach/strategies.html",
        {"form": form, "strategies": Strategy.objects.for_org(request.organization)},
    )


@member_required("can_manage_team")
@require_POST
def strategy_toggle(request, uuid):
    """Put a strategy in or out of use. The form says which, so a double submit does no harm."""
    strategy = get_for_org(request, Strategy, uuid)
    wanted = {"1": True, "0": False}.get(request.POST.get("in_use"))
    if wanted is None or wanted == strategy.is_active:
        return redirect("outreach:strategies")
    if not wanted and not (
        Strategy.objects.for_org(request.organization)
        .filter(is_active=True)
        .exclude(pk=strategy.pk)
        .exists()
    ):
        messages.error(
            request,
            _("%(name)s is the only strategy in use; outreach cannot be logged without one.")
            % {"name": strategy},
        )
        return redirect("outreach:strategies")
    services.set_strategy_in_use(request.user, strategy, wanted)
    if wanted:
        message = _("%(name)s is in use again.")
    else:
        message = _("%(name)s is no longer offered; past activities keep it.")
    messages.success(request, message % {"name": strategy})
    return redirect("outreach:strategies")
