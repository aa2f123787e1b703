"""The register of service gaps and the concertation tables.

* The register (workers and managers): opening it runs ``services.suggest_gaps``, so the
  referrals' outcomes appear as suggestions without the referrals app knowing of gaps.
* A gap's page; the manager confirms, merges or dismisses a suggestion, edits a gap, or
  raises one by hand.
* The concertation table of the organization (manager, exact counts) and the shared one
  of a community (every member organization, small cells suppressed). Neither ever shows a
  family: gaps count families, they do not list them.
"""

from types import SimpleNamespace

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.access import get_by_uuid_or_404, get_for_org, member_required
from maillage.lib.disclosure import HIDDEN, Cell, publish
from maillage.organizations.models import Community

from . import services
from .forms import GapForm, MergeForm, PeriodForm, RegisterFilterForm
from .models import GapStatus, ServiceGap

REGISTER_ROWS = 200
# Managers decide about gaps: the predicate that marks the manager's role.
MANAGES_GAPS = "can_manage_team"


def _gaps(request):
    return services.with_family_counts(
        ServiceGap.objects.for_org(request.organization).select_related("municipality", "region")
    )


def _get_gap(request, uuid) -> ServiceGap:
    return get_for_org(request, ServiceGap, uuid, _gaps(request))


@member_required("is_organization_member")
def register(request):
    created = services.suggest_gaps(request.organization, request.user)
    form = RegisterFilterForm(request.GET or None)
    gaps = _gaps(request).filter(merged_into__isnull=True)
    values = form.cleaned_data if form.is_valid() else {}
    for name in ("need", "cause"):
        if values.get(name):
            gaps = gaps.filter(**{name: values[name]})
    if values.get("status"):
        gaps = gaps.filter(status=values["status"])
    else:
        gaps = gaps.exclude(status__in=[GapStatus.DISMISSED, GapStatus.RESOLVED])
    if values.get("territory"):
        text = values["territory"]
        gaps = gaps.filter(
            Q(municipality__name__icontains=text)
            | Q(mrc__icontains=text)
            | Q(region__name__icontains=text)
        )
    template = (
        "gaps/partials/gap_rows.html" if request.headers.get("HX-Request") else "gaps/register.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "gaps": list(gaps[:REGISTER_ROWS]),
            "new_suggestions": len(created),
            "can_manage": getattr(request.membership, MANAGES_GAPS),
        },
    )


def _render_detail(request, gap, merge_form=None, *, status=200):
    can_manage = getattr(request.membership, MANAGES_GAPS)
    targets = services.merge_targets(gap)
    suggested = gap.status == GapStatus.SUGGESTED and not gap.merged_into_id
    if merge_form is None and can_manage and suggested and targets.exists():
        merge_form = MergeForm(targets=targets)
    return render(
        request,
        "gaps/gap_detail.html",
        {"gap": gap, "can_manage": can_manage, "merge_form": merge_form},
        status=status,
    )


@member_required("is_organization_member")
def gap_detail(request, uuid):
    return _render_detail(request, _get_gap(request, uuid))


@member_required(MANAGES_GAPS)
def gap_new(request):
    form = GapForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        gap = services.create_gap(request.user, request.organization, form.values())
        messages.success(request, _("The gap was added to the register."))
        return redirect("gaps:detail", gap.uuid)
    return render(request, "gaps/gap_form.html", {"form": form, "gap": None})


@member_required(MANAGES_GAPS)
def gap_edit(request, uuid):
    gap = _get_gap(request, uuid)
    form = GapForm(
        request.POST or None, instance=gap, organization=request.organization, with_status=True
    )
    if request.method == "POST" and form.is_valid():
        # The form validated a copy of the values on ``gap``; the service saves them.
        services.update_gap(request.user, _get_gap(request, uuid), form.values())
        messages.success(request, _("The gap was saved."))
        return redirect("gaps:detail", gap.uuid)
    return render(request, "gaps/gap_form.html", {"form": form, "gap": gap})


def _decide(request, uuid, decide, done_message):
    gap = _get_gap(request, uuid)
    try:
        decide(request.user, gap)
    except services.GapError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done_message)
    return redirect("gaps:detail", gap.uuid)


@member_required(MANAGES_GAPS)
@require_POST
def gap_confirm(request, uuid):
    return _decide(request, uuid, services.confirm_gap, _("The gap is confirmed."))


@member_required(MANAGES_GAPS)
@require_POST
def gap_dismiss(request, uuid):
    return _decide(request, uuid, services.dismiss_gap, _("The suggestion was dismissed."))


@member_required(MANAGES_GAPS)
@require_POST
def gap_merge(request, uuid):
    gap = _get_gap(request, uuid)
    form = MergeForm(request.POST, targets=services.merge_targets(gap))
    if form.is_valid():
        try:
            into = services.merge_gap(request.user, gap, form.cleaned_data["into"])
        except services.GapError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The suggestion was merged into this gap."))
            return redirect("gaps:detail", into.uuid)
    return _render_detail(request, gap, form)


# Concertation ---------------------------------------------------------------------------


def _period(request):
    """The period asked for (a year, optionally a quarter) and the gaps' date bounds."""
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, initial={"year": today.year})
    year, quarter = today.year, None
    if form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    months = (1, 12) if quarter is None else (3 * quarter - 2, 3 * quarter)
    return form, year, months


def _in_period(gaps, year, months):
    # A gap belongs to the period in which it was recorded.
    return gaps.filter(
        created_at__year=year,
        created_at__month__gte=months[0],
        created_at__month__lte=months[1],
    )


def _rows(table, grid):
    """Template rows: (need, territory, cells, row total) from a grid with margins."""
    body = [
        (need, territory, row[:-1], row[-1])
        for (need, territory), row in zip(table.rows, grid, strict=False)
    ]
    return body, grid[-1][:-1], grid[-1][-1]


@member_required(MANAGES_GAPS)
def concertation(request):
    form, year, months = _period(request)
    gaps = _in_period(ServiceGap.objects.for_org(request.organization), year, months)
    table = services.concertation_table(gaps)
    counts = table.counts or [[0] * len(table.columns)]
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(column) for column in zip(*grid, strict=True)])
    body, column_totals, total = _rows(table, grid)
    return render(
        request,
        "gaps/concertation.html",
        {
            "form": form,
            "table": table,
            "body": body if table.rows else [],
            "column_totals": column_totals,
            "total": total,
            "communities": request.organization.communities.order_by("name"),
            "shared": False,
        },
    )


@member_required("is_organization_member")
def concertation_shared(request, uuid):
    community = get_by_uuid_or_404(
        Community.objects.filter(organizations=request.organization), uuid
    )
    form, year, months = _period(request)
    gaps = ServiceGap.objects.across_organizations(
        "the shared concertation table of a community the active organization belongs "
        "to: aggregated counts, small cells suppressed"
    ).filter(organization__communities=community)
    table = services.concertation_table(_in_period(gaps, year, months))
    published = publish(
        [str(index) for index in range(len(table.rows))],
        table.columns,
        [
            [
                Cell(count, organizations)
                for count, organizations in zip(counts, sources, strict=True)
            ]
            for counts, sources in zip(table.counts, table.organizations, strict=True)
        ],
        other_label="",
        # Each member organization sees the others' numbers: the rules of every table shared
        # beyond an organization apply (three organizations per count, none from 1 to 4).
        population=frozenset(community.organizations.values_list("pk", flat=True)),
    )
    grid = [
        [*cells, row_total]
        for cells, row_total in zip(published.cells, published.row_totals, strict=True)
    ]
    grid.append([*published.column_totals, published.total])
    # Rows of fewer than three organizations are rolled up into one, labelled "other".
    labels = [
        table.rows[int(label)] if label else (_("Other needs and territories"), "")
        for label in published.row_labels
    ]
    body, column_totals, total = _rows(SimpleNamespace(rows=labels), grid)
    return render(
        request,
        "gaps/concertation.html",
        {
            "form": form,
            "table": table,
            "body": body if table.rows else [],
            "column_totals": column_totals,
            "total": total,
            "community": community,
            "organizations": community.organizations.order_by("name"),
            "shared": True,
            "withheld": published.withheld,
            "HIDDEN": HIDDEN,
        },
    )
