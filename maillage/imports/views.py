"""The manager's import of history: upload and dry run, the report, the confirmation, and
the template to fill in. Only ``can_import_history`` (the PG) gets here."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.access import get_for_org, member_required
from maillage.outreach.models import Strategy

from . import services, template
from .forms import ConfirmForm, UploadForm
from .models import HistoryImport, ImportStatus
from .schema import COUNT_LABELS

RECENT = 10
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _counts(counts: dict) -> list[tuple[str, int]]:
    return [(label, counts.get(key, 0)) for key, label in COUNT_LABELS.items()]


@member_required("can_import_history")
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        received = form.cleaned_data["file"]
        report = services.check_upload(
            request.user, request.organization, services.Upload(received.name, received.read())
        )
        if report.ok:
            return redirect("imports:detail", uuid=report.record.uuid)
    recent = (
        HistoryImport.objects.for_org(request.organization)
        .filter(status=ImportStatus.IMPORTED)
        .select_related("created_by")[:RECENT]
    )
    return render(
        request,
        "imports/upload.html",
        {"form": form, "report": report, "recent": recent},
    )


def _detail(request, history_import, *, form=None, report=None, error=None):
    return render(
        request,
        "imports/detail.html",
        {
            "history_import": history_import,
            "counts": _counts(history_import.counts),
            "form": form or ConfirmForm(initial={"sha256": history_import.sha256}),
            "report": report,
            "error": error,
            "pending": history_import.status == ImportStatus.CHECKED
            and history_import.content is not None,
        },
    )


def _get_import(request, uuid) -> HistoryImport:
    return get_for_org(
        request, HistoryImport, uuid, HistoryImport.objects.for_org(request.organization)
    )


@member_required("can_import_history")
def detail(request, uuid):
    return _detail(request, _get_import(request, uuid))


@member_required("can_import_history")
@require_POST
def confirm(request, uuid):
    history_import = _get_import(request, uuid)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _detail(
            request,
            history_import,
            error=_("The confirmation did not come from this page: check the file again."),
        )
    try:
        report = services.confirm_import(request.user, history_import, form.cleaned_data["sha256"])
    except services.HistoryImportError as error:
        return _detail(request, history_import, error=str(error))
    if not report.ok:
        return _detail(request, history_import, report=report)
    messages.success(request, _("The history was imported."))
    return redirect("imports:detail", uuid=history_import.uuid)


@member_required("can_import_history")
def template_download(request):
    strategy = Strategy.objects.for_org(request.organization).filter(is_active=True).first()
    municipality = request.organization.municipalities.order_by("name").first()
    content = template.build_template(
        request.user.email,
        str(strategy) if strategy else "",
        municipality.name if municipality else "",
    )
    services.record_template_download(request.user, request.organization)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="modele-historique.xlsx"'
    return response
