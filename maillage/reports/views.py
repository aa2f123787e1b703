"""The participation report: a period, a preview, three downloads."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from maillage.core.access import member_required
from maillage.core.planner import reporting_queries
from maillage.lib.pdf import PdfUnavailable

from . import services
from .data import participation_report
from .forms import ReportPeriodForm
from .render import CONTENT_TYPES, cover_lines, language_name, period_text, shown_tables
from .render.docx import render_docx
from .render.pdf import render_pdf
from .render.xlsx import render_xlsx

EVALUATES = "can_evaluate_organization"


def _period_form(request):
    return ReportPeriodForm(request.GET, today=timezone.localdate())


def _query(form) -> str:
    """The period (and the paper, when chosen) as a query string, for the download links (no
    sensitive data in it); only on a valid form."""
    query = form.period().query()
    if form.cleaned_data["paper"]:
        query["paper"] = form.cleaned_data["paper"]
    return urlencode(query)


def _evaluation_url():
    """The evaluation's index, which the report belongs beside; ``None`` while that app
    does not publish it (the two apps are built side by side)."""
    try:
        return reverse("evaluation:index")
    except NoReverseMatch:
        return None


@member_required(EVALUATES)
@require_safe
def participation(request):
    form = _period_form(request)
    context = {"form": form, "evaluation_url": _evaluation_url()}
    if form.is_valid():
        with reporting_queries():
            report = participation_report(request.organization, form.period())
        context |= {
            "report": report,
            "tables": shown_tables(report),
            "cover": cover_lines(report),
            "period": period_text(report),
            "language": language_name(report),
            "query": _query(form),
        }
    return render(request, "reports/participation.html", context)


@member_required(EVALUATES)
@require_safe
def participation_download(request, fmt):
    form = _period_form(request)
    if not form.is_valid():
        # Back to the form, which shows what is wrong next to the field.
        return redirect(f"{reverse('reports:participation')}?{request.GET.urlencode()}")
    with reporting_queries():
        report = participation_report(request.organization, form.period())
    if fmt == "pdf":
        try:
            content = render_pdf(report, paper=form.cleaned_data["paper"] or "letter")
        except PdfUnavailable:
            return render(
                request, "reports/pdf_unavailable.html", {"query": _query(form)}, status=503
            )
    elif fmt == "xlsx":
        content = render_xlsx(report)
    else:
        content = render_docx(report)
    services.record_report_download(request.user, request.organization, fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{report.filename(fmt)}"'
    return response
