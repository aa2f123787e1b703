"""The family's rights, for the manager (``can_manage_privacy``): access and portability
requests with their 30-day deadline, the answer in three formats, and the disclosures made
without consent. Workers get 403: answering a request is the person in charge's duty."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.access import get_for_org, member_required
from maillage.families.access import can_see_sensitive, get_family_for_user
from maillage.families.services import record_read
from maillage.lib.pdf import PdfUnavailable

from . import export, services
from .forms import AccessRequestForm, AnswerOptionsForm, CloseRequestForm, DisclosureForm
from .models import AccessRequest, Deadline, Disclosure, LegalBasis

MANAGES_PRIVACY = "can_manage_privacy"


def _requests(request):
    return AccessRequest.objects.for_org(request.organization).select_related("family")


def _get_request(request, uuid) -> AccessRequest:
    return get_for_org(
        request,
        AccessRequest,
        uuid,
        _requests(request).select_related("organization", "recorded_by"),
    )


@member_required(MANAGES_PRIVACY)
def request_list(request):
    today = timezone.localdate()
    rows = [(r, r.deadline_on(today)) for r in _requests(request)]
    open_rows = [row for row in rows if row[0].is_open]
    return render(
        request,
        "rights/request_list.html",
        {
            "open_rows": open_rows,
            "closed_rows": [row for row in rows if not row[0].is_open][::-1],
            "overdue": sum(1 for _r, d in open_rows if d == Deadline.OVERDUE),
            "due_soon": sum(1 for _r, d in open_rows if d == Deadline.DUE_SOON),
            "Deadline": Deadline,
        },
    )


@member_required(MANAGES_PRIVACY)
def family_rights(request, uuid):
    family = get_family_for_user(request, uuid)
    record_read(request.user, family)
    today = timezone.localdate()
    return render(
        request,
        "rights/family.html",
        {
            "family": family,
            "requests": [(r, r.deadline_on(today)) for r in family.access_requests.all()],
            "disclosures": list(family.disclosures.select_related("sent_by")),
            "Deadline": Deadline,
        },
    )


@member_required(MANAGES_PRIVACY)
def request_new(request, uuid):
    family = get_family_for_user(request, uuid)
    if request.method == "GET":
        record_read(request.user, family)
    form = AccessRequestForm(
        request.POST or None, initial={"received_on": timezone.localdate(), "language": "fr"}
    )
    if request.method == "POST" and form.is_valid():
        access_request = services.record_request(request.user, family, form.values())
        messages.success(request, _("The request was recorded. The answer is due in 30 days."))
        return redirect("rights:request_detail", access_request.uuid)
    return render(request, "rights/request_form.html", {"form": form, "family": family})


@member_required(MANAGES_PRIVACY)
def disclosure_new(request, uuid):
    family = get_family_for_user(request, uuid)
    if request.method == "GET":
        record_read(request.user, family)
    form = DisclosureForm(
        request.POST or None,
        organization=request.organization,
        initial={"sent_on": timezone.localdate(), "sent_by": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        services.record_disclosure(request.user, family, form.values())
        messages.success(request, _("The disclosure was recorded."))
        return redirect("rights:family", family.uuid)
    return render(request, "rights/disclosure_form.html", {"form": form, "family": family})


@member_required(MANAGES_PRIVACY)
def request_detail(request, uuid):
    access_request = _get_request(request, uuid)
    record_read(request.user, access_request.family)
    return render(
        request,
        "rights/request_detail.html",
        {
            "access_request": access_request,
            "family": access_request.family,
            "deadline": access_request.deadline,
            "Deadline": Deadline,
            "options_form": AnswerOptionsForm(),
            "close_form": CloseRequestForm(),
            # For the manager only: the answer never says a report was left out.
            "dpj_reports": access_request.family.disclosures.filter(
                legal_basis=LegalBasis.DPJ
            ).count(),
        },
    )


@member_required(MANAGES_PRIVACY)
@require_POST
def request_close(request, uuid):
    access_request = _get_request(request, uuid)
    form = CloseRequestForm(request.POST)
    if form.is_valid():
        try:
            services.close_request(
                request.user,
                access_request,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except services.RightsError as error:
            messages.error(request, str(error))
            return redirect("rights:request_detail", access_request.uuid)
        messages.success(request, _("The request was closed."))
        return redirect("rights:request_detail", access_request.uuid)
    return render(
        request,
        "rights/request_detail.html",
        {
            "access_request": access_request,
            "family": access_request.family,
            "deadline": access_request.deadline,
            "Deadline": Deadline,
            "options_form": AnswerOptionsForm(),
            "close_form": form,
        },
        status=400,
    )


FORMATS = {
    "json": ("application/json", "json", export.as_json),
    "csv": ("application/zip", "zip", export.as_csv_zip),
    "pdf": ("application/pdf", "pdf", export.as_pdf),
}


@member_required(MANAGES_PRIVACY)
def answer_download(request, uuid, fmt):
    """The answer, built from the file as it is now. The options come as query parameters
    (a download changes nothing but the audit, which records what was left in)."""
    access_request = _get_request(request, uuid)
    form = AnswerOptionsForm(request.GET)
    form.is_valid()  # two check boxes: anything else reads as unticked
    options = export.Options(
        include_notes=form.cleaned_data.get("include_notes", False),
        include_dpj=form.cleaned_data.get("include_dpj", False),
    )
    answer = export.build_answer(
        access_request,
        identity_allowed=can_see_sensitive(request, access_request.family),
        options=options,
    )
    content_type, extension, produce = FORMATS[fmt]
    try:
        content = produce(answer)
    except PdfUnavailable:
        return render(
            request, "rights/pdf_unavailable.html", {"access_request": access_request}, status=503
        )
    services.record_answer_download(request.user, access_request, fmt, options)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename(answer, extension)}"'
    return response


@member_required(MANAGES_PRIVACY)
def disclosure_list(request):
    return render(
        request,
        "rights/disclosure_list.html",
        {
            "disclosures": list(
                Disclosure.objects.for_org(request.organization).select_related("family", "sent_by")
            )
        },
    )
