import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, ProtectedError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.core.access import get_by_uuid_or_404, member_required

from . import hsds, services
from .forms import (
    DirectoryFilterForm,
    ImportForm,
    LocationForm,
    PartnerForm,
    ServiceForm,
    ShareForm,
)
from .models import Location, Partner, Service

PER_PAGE = 30


# ---------------------------------------------------------------------------
# Access: visible entries (own and shared) may be read; only the organization's own are edited.


def _visible_partners(request):
    return Partner.objects.visible_to(request.organization)


def _refuse_edit_of_shared(request, partner):
    """Entries shared by another organization are read here, never edited: 403."""
    if partner.organization_id != request.organization.pk:
        raise PermissionDenied


def _partner(request, uuid, *, edit=False):
    """A partner visible to the organization, or 404; for an edit, shared entries give 403."""
    partner = get_by_uuid_or_404(_visible_partners(request), uuid)
    if edit:
        _refuse_edit_of_shared(request, partner)
    return partner


def _partner_part(request, model, uuid, *, edit=False):
    """A service or location of a visible partner, or 404; shared ones are read-only."""
    queryset = model.objects.visible_to(request.organization).select_related("partner")
    part = get_by_uuid_or_404(queryset, uuid)
    if edit:
        _refuse_edit_of_shared(request, part.partner)
    return part


def _service(request, uuid, *, edit=False):
    return _partner_part(request, Service, uuid, edit=edit)


def _location(request, uuid, *, edit=False):
    return _partner_part(request, Location, uuid, edit=edit)


# ---------------------------------------------------------------------------
# The directory


@member_required("is_organization_member")
def directory(request):
    form = DirectoryFilterForm(request.GET or None, organization=request.organization)
    service_list = Service.objects.visible_to(request.organization)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            for word in services.normalize_query(data["q"]).split():
                service_list = service_list.filter(search_text__icontains=word)
        if data["need"]:
            service_list = service_list.filter(needs__holds=data["need"])
        if data["municipality"]:
            # A service linked to locations is where they are; otherwise, where its partner is.
            locations = Location.objects.visible_to(request.organization)
            here = locations.filter(municipality=data["municipality"])
            linked = locations.filter(services=OuterRef("pk"))
            service_list = service_list.filter(
                Exists(here.filter(services=OuterRef("pk")))
                | (~Exists(linked) & Exists(here.filter(partner=OuterRef("partner"))))
            )
        if data["language"]:
            code = services.normalize_query(data["language"])
            service_list = service_list.filter(language_index__icontains=f"|{code}|")
    service_list = service_list.select_related("partner").order_by("name", "pk")
    page = Paginator(service_list, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_manage": request.membership.can_manage_team,
    }
    template = "partners/partials/service_rows.html" if request.htmx else "partners/directory.html"
    return render(request, template, context)


@member_required("is_organization_member")
def partner_detail(request, uuid):
    partner = _partner(request, uuid)
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "own": partner.organization_id == request.organization.pk,
            "services": partner.services.all(),
            "locations": partner.locations.select_related("municipality").prefetch_related(
                "services"
            ),
            "can_manage": request.membership.can_manage_team,
        },
    )


@member_required("is_organization_member")
def partner_create(request):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = services.create_partner(request.user, request.organization, form.cleaned_data)
        messages.success(request, _("The partner was added to the directory."))
        return redirect("partners:detail", uuid=partner.uuid)
    return render(request, "partners/partner_form.html", {"form": form})


@member_required("is_organization_member")
def partner_edit(request, uuid):
    partner = _partner(request, uuid, edit=True)
    form = PartnerForm(request.POST or None, partner=partner)
    if request.method == "POST" and form.is_valid():
        services.update_partner(request.user, partner, form.cleaned_data)
        messages.success(request, _("The partner was saved."))
        return redirect("partners:detail", uuid=partner.uuid)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


@member_required("can_manage_team")
def partner_share(request, uuid):
    partner = _partner(request, uuid, edit=True)
    form = ShareForm(
        request.POST or None,
        organization=request.organization,
        initial={"community": partner.shared_with},
    )
    if request.method == "POST" and form.is_valid():
        community = form.cleaned_data["community"]
        services.share_partner(request.user, partner, community)
        if community:
            messages.success(
                request,
                _("%(partner)s is now shared with %(community)s.")
                % {"partner": partner, "community": community},
            )
        else:
            messages.success(request, _("%(partner)s is no longer shared.") % {"partner": partner})
        return redirect("partners:detail", uuid=partner.uuid)
    return render(request, "partners/share_form.html", {"form": form, "partner": partner})


@member_required("is_organization_member")
def service_create(request, uuid):
    partner = _partner(request, uuid, edit=True)
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.create_service(request.user, partner, form.cleaned_data)
        messages.success(request, _("The service was added."))
        return redirect("partners:detail", uuid=partner.uuid)
    return render(request, "partners/service_form.html", {"form": form, "partner": partner})


@member_required("is_organization_member")
def service_edit(request, uuid):
    service = _service(request, uuid, edit=True)
    form = ServiceForm(request.POST or None, service=service)
    if request.method == "POST" and form.is_valid():
        services.update_service(request.user, service, form.cleaned_data)
        messages.success(request, _("The service was saved."))
        return redirect("partners:detail", uuid=service.partner.uuid)
    return render(
        request,
        "partners/service_form.html",
        {"form": form, "partner": service.partner, "service": service},
    )


def _location_values(data):
    return {k: v for k, v in data.items() if k != "services"}


@member_required("is_organization_member")
def location_create(request, uuid):
    partner = _partner(request, uuid, edit=True)
    form = LocationForm(request.POST or None, partner=partner, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        services.create_location(
            request.user,
            partner,
            _location_values(form.cleaned_data),
            form.cleaned_data["services"],
        )
        messages.success(request, _("The location was added."))
        return redirect("partners:detail", uuid=partner.uuid)
    return render(request, "partners/location_form.html", {"form": form, "partner": partner})


@member_required("is_organization_member")
def location_edit(request, uuid):
    location = _location(request, uuid, edit=True)
    form = LocationForm(
        request.POST or None,
        partner=location.partner,
        organization=request.organization,
        location=location,
    )
    if request.method == "POST" and form.is_valid():
        services.update_location(
            request.user,
            location,
            _location_values(form.cleaned_data),
            form.cleaned_data["services"],
        )
        messages.success(request, _("The location was saved."))
        return redirect("partners:detail", uuid=location.partner.uuid)
    return render(
        request,
        "partners/location_form.html",
        {"form": form, "partner": location.partner, "location": location},
    )


# ---------------------------------------------------------------------------
# Deleting entries of the organization's own directory (shared ones give 403)


def _confirm_delete(request, entry, *, partner, removes, delete, protected, done, edit_url):
    """GET: what will be removed; POST: remove it, or say why it cannot be."""
    protected_message = None
    if request.method == "POST":
        try:
            delete()
        except ProtectedError:
            protected_message = protected
        else:
            messages.success(request, done)
            if partner is None:
                return redirect("partners:directory")
            return redirect("partners:detail", uuid=partner.uuid)
    return render(
        request,
        "partners/delete_confirm.html",
        {
            "entry": entry,
            "partner": partner,
            "removes": removes,
            "protected_message": protected_message,
            "back_url": reverse("partners:detail", kwargs={"uuid": (partner or entry).uuid}),
            "edit_url": edit_url,
        },
    )


@member_required("is_organization_member")
def partner_delete(request, uuid):
    partner = _partner(request, uuid, edit=True)
    removes = [_("The partner %(name)s") % {"name": partner.name}]
    removes += [_("The service %(name)s") % {"name": s.name} for s in partner.services.all()]
    removes += [_("The location %(name)s") % {"name": loc} for loc in partner.locations.all()]
    return _confirm_delete(
        request,
        partner,
        partner=None,
        removes=removes,
        delete=lambda: services.delete_partner(request.user, partner),
        protected=_(
            "This partner has referrals or out-of-mandate requests: mark its services "
            "inactive or defunct instead."
        ),
        done=_("The partner was deleted from the directory."),
        edit_url=reverse("partners:edit", kwargs={"uuid": partner.uuid}),
    )


@member_required("is_organization_member")
def service_delete(request, uuid):
    service = _service(request, uuid, edit=True)
    return _confirm_delete(
        request,
        service,
        partner=service.partner,
        removes=[_("The service %(name)s") % {"name": service.name}],
        delete=lambda: services.delete_service(request.user, service),
        protected=_("This service has referrals: mark it inactive or defunct instead."),
        done=_("The service was deleted."),
        edit_url=reverse("partners:service_edit", kwargs={"uuid": service.uuid}),
    )


@member_required("is_organization_member")
def location_delete(request, uuid):
    location = _location(request, uuid, edit=True)
    return _confirm_delete(
        request,
        location,
        partner=location.partner,
        removes=[_("The location %(name)s") % {"name": location}],
        delete=lambda: services.delete_location(request.user, location),
        protected="",
        done=_("The location was deleted."),
        edit_url=reverse("partners:location_edit", kwargs={"uuid": location.uuid}),
    )


# ---------------------------------------------------------------------------
# HSDS import and export (the manager's)


@member_required("can_manage_team")
def directory_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    issues, counts = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            documents, report = hsds.parse_and_validate(upload.name, upload.read())
        except hsds.HSDSFormatError as exc:
            # Next to the field, where a screen reader announces it with the file input.
            form.add_error("file", exc.args[0])
        else:
            report, counts = services.import_documents(
                request.user, request.organization, documents, report=report
            )
            issues = report.issues
            if not issues:
                messages.success(request, _("The directory was imported."))
    return render(
        request,
        "partners/import.html",
        {
            "form": form,
            "issues": issues,
            "counts": counts if not issues else None,
        },
    )


def _own_partners(request):
    return (
        Partner.objects.for_org(request.organization)
        .order_by("name", "pk")
        .prefetch_related("services__locations", "locations__municipality")
    )


@member_required("can_manage_team")
def export_json(request):
    documents = services.export_documents(
        request.user, request.organization, _own_partners(request), fmt="json"
    )
    response = HttpResponse(
        json.dumps(documents, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="repertoire-hsds.json"'
    return response


@member_required("can_manage_team")
def export_csv(request):
    documents = services.export_documents(
        request.user, request.organization, _own_partners(request), fmt="csv"
    )
    content = hsds.tables_to_zip(hsds.documents_to_tables(documents))
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="repertoire-hsds.zip"'
    return response
