"""The research extract, for the évaluateur: the log of releases, and a new release.

The download is the answer to the form's POST: the file is produced then and not kept
(docs/disclosure.md). Only the évaluateur (aggregates across organizations) gets here.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from maillage.core.access import member_required
from maillage.lib.disclosure import MIN_FAMILIES, RULES_VERSION

from . import services
from .forms import ReleaseForm
from .models import ExtractRelease

ACROSS = "can_see_aggregates_across_organizations"


def _page(request, form):
    return render(
        request,
        "research/releases.html",
        {
            "form": form,
            "releases": ExtractRelease.objects.select_related("released_by"),
            "rules_version": RULES_VERSION,
            "k": MIN_FAMILIES,
        },
    )


@member_required(ACROSS, scope="platform")
def releases(request):
    return _page(request, ReleaseForm())


# require_POST outside the access check: a GET changes nothing and gets 405 from anyone.
@require_POST
@member_required(ACROSS, scope="platform")
def release_new(request):
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    _release, content = services.release_extract(request.user, start, end)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="maillage-extract-{start:%Y-%m}-{end:%Y-%m}.zip"'
    )
    return response
