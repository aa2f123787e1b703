from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.access import get_for_org, member_required

from . import services
from .forms import (
    BridgePeriodForm,
    CollaborationFilterForm,
    CollaborationForm,
    OutOfMandateRequestForm,
    PeriodForm,
    RequestFilterForm,
)
from .models import Collaboration, OutOfMandateRequest

PER_PAGE = 30


@member_required("is_organization_member")
def collaboration_list(request):
    form = CollaborationFilterForm(request.GET, organization=request.organization)
    collaborations = form.apply(Collaboration.objects.for_org(request.organization))
    totals = collaborations.aggregate(count=Count("pk"), minutes=Sum("duration_minutes", default=0))
    totals["hours"] = totals["minutes"] / 60
    page = Paginator(
        collaborations.select_related("worker").prefetch_related("partners"), PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "collaboration/collaboration_list.html",
        {"form": form, "page": page, "totals": totals},
    )


@member_required("is_organization_member")
def collaboration_create(request):
    form = CollaborationForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        services.record_collaboration(request.user, request.organization, form.cleaned_data)
        messages.success(request, _("The collaboration was saved."))
        return redirect("collaboration:list")
    return render(request, "collaboration/collaboration_form.html", {"form": form})


@member_required("is_organization_member")
def collaboration_edit(request, uuid):
    """Any member of the team may correct any collaboration of the organization."""
    collaboration = get_for_org(
        request, Collaboration, uuid, Collaboration.objects.select_related("worker")
    )
    form = CollaborationForm(
        request.POST or None, organization=request.organization, instance=collaboration
    )
    if request.method == "POST" and form.is_valid():
        services.update_collaboration(request.user, collaboration, form.cleaned_data)
        messages.success(request, _("The collaboration was saved."))
        return redirect("collaboration:list")
    return render(
        request,
        "collaboration/collaboration_form.html",
        {"form": form, "collaboration": collaboration},
    )


@member_required("is_organization_member")
def request_list(request):
    form = RequestFilterForm(request.GET, organization=request.organization)
    requests = form.apply(OutOfMandateRequest.objects.for_org(request.organization))
    page = Paginator(requests.select_related("worker", "partner"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "collaboration/request_list.html", {"form": form, "page": page})


@member_required("is_organization_member")
def request_create(request):
    form = OutOfMandateRequestForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        services.record_out_of_mandate_request(
            request.user, request.organization, form.cleaned_data
        )
        messages.success(request, _("The out-of-mandate request was saved."))
        return redirect("collaboration:requests")
    return render(request, "collaboration/request_form.html", {"form": form})


@member_required("can_manage_team")
def request_summary(request):
    """For the manager, to defend the role: the time partners took from outreach work."""
    form = PeriodForm(request.GET)
    requests = form.apply(OutOfMandateRequest.objects.for_org(request.organization))
    summary = services.out_of_mandate_summary(requests)
    return render(request, "collaboration/request_summary.html", {"form": form, **summary})


@member_required("is_organization_member")
def bridge(request):
    form = BridgePeriodForm(request.GET, today=timezone.localdate())
    context = {"form": form, "organization_label": request.organization.name}
    if form.is_valid():
        start, end = form.bounds()
        context |= services.partner_network(request.organization, start, end)
        context |= services.referral_flow(request.organization, start, end)
    return render(request, "collaboration/bridge.html", context)
