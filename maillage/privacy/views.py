"""The privacy page (everyone signed in), the person in charge and the register of
confidentiality incidents (managers).

The privacy page shows the person in charge of the active organization; the évaluateur·rice
and the administrator, who belong to no organization, read the platform's general statement
there. The register is the manager's: the workers do not see incidents.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.access import get_for_org, login_required_view, member_required

from . import exports, services
from .forms import IncidentForm, PrivacyOfficerForm
from .inventory import inventory_by_model
from .models import ConfidentialityIncident

MANAGES_PRIVACY = "can_manage_privacy"


@login_required_view
def privacy_page(request):
    membership = getattr(request, "membership", None)
    organization = getattr(request, "organization", None)
    return render(
        request,
        "privacy/page.html",
        {
            "organization": organization,
            "officer": services.officer_of(organization) if organization else None,
            "can_manage": bool(membership and membership.can_manage_privacy and organization),
            "inventory": inventory_by_model(),
        },
    )


@member_required(MANAGES_PRIVACY)
def officer_edit(request):
    officer = services.officer_of(request.organization)
    form = PrivacyOfficerForm(request.POST or None, instance=officer)
    if request.method == "POST" and form.is_valid():
        services.set_privacy_officer(request.user, request.organization, form.values())
        messages.success(request, _("The person in charge was saved."))
        return redirect("privacy:page")
    return render(request, "privacy/officer_form.html", {"form": form, "officer": officer})


def _incidents(request):
    return ConfidentialityIncident.objects.for_org(request.organization).select_related(
        "recorded_by"
    )


def _get_incident(request, uuid) -> ConfidentialityIncident:
    return get_for_org(request, ConfidentialityIncident, uuid, _incidents(request))


@member_required(MANAGES_PRIVACY)
def incident_list(request):
    return render(
        request,
        "privacy/incident_list.html",
        {
            "incidents": list(_incidents(request)),
            "officer_named": services.has_privacy_officer(request.organization),
        },
    )


@member_required(MANAGES_PRIVACY)
def incident_new(request):
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        incident = services.record_incident(request.user, request.organization, form.values())
        messages.success(request, _("The incident was added to the register."))
        return redirect("privacy:incident_detail", incident.uuid)
    return render(request, "privacy/incident_form.html", {"form": form, "incident": None})


@member_required(MANAGES_PRIVACY)
def incident_detail(request, uuid):
    incident = _get_incident(request, uuid)
    fields = [
        (ConfidentialityIncident._meta.get_field(name), getattr(incident, name))
        for name in services.INCIDENT_FIELDS
    ]
    return render(
        request,
        "privacy/incident_detail.html",
        {
            "incident": incident,
            "fields": [(f.verbose_name, v) for f, v in fields],
            "can_delete": incident.deletable_from <= timezone.localdate(),
        },
    )


@member_required(MANAGES_PRIVACY)
def incident_edit(request, uuid):
    incident = _get_incident(request, uuid)
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST" and form.is_valid():
        # The form wrote the new values on ``incident``; the service compares with the row.
        services.update_incident(request.user, _get_incident(request, uuid), form.values())
        messages.success(request, _("The incident was saved."))
        return redirect("privacy:incident_detail", incident.uuid)
    return render(request, "privacy/incident_form.html", {"form": form, "incident": incident})


@member_required(MANAGES_PRIVACY)
@require_POST
def incident_delete(request, uuid):
    incident = _get_incident(request, uuid)
    try:
        services.delete_incident(request.user, incident)
    except services.PrivacyError as error:
        messages.error(request, str(error))
        return redirect("privacy:incident_detail", incident.uuid)
    messages.success(request, _("The incident was deleted from the register."))
    return redirect("privacy:incidents")


def _export(request, content: bytes, content_type: str, extension: str) -> HttpResponse:
    services.record_register_export(request.user, request.organization)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(extension)}"'
    return response


@member_required(MANAGES_PRIVACY)
def incidents_csv(request):
    return _export(request, exports.as_csv(_incidents(request)), "text/csv; charset=utf-8", "csv")


@member_required(MANAGES_PRIVACY)
def incidents_xlsx(request):
    content = exports.as_xlsx(_incidents(request), request.organization)
    return _export(
        request,
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )
