from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import Membership
from maillage.core.access import get_for_org, member_required
from maillage.core.periods import PeriodForm, current_month
from maillage.core.planner import reporting_queries
from maillage.families.access import families_for

from . import charts, figures

#: A custom range longer than this would draw monthly charts too dense to read.
LONGEST_CUSTOM_MONTHS = 60

#: The trends drawn on the team view: (key, title, figure, in hours?).
TREND_METRICS = (
    ("contact-hours", _("Contact hours"), "contact_minutes", True),
    ("outreach-hours", _("Outreach hours"), "outreach_minutes", True),
    ("travel-hours", _("Travel time (hours)"), "travel_minutes", True),
    ("new-families", _("New families"), "new_families", False),
)


def _period_form(request):
    """The period of the team view: the current month unless the query string names one.
    Without a valid period the page shows no numbers, only the form and its errors."""
    today = timezone.localdate()
    return PeriodForm(
        request.GET,
        today=today,
        default=current_month(today),
        longest_custom_months=LONGEST_CUSTOM_MONTHS,
    )


def _in_unit(values, hours):
    return [value / 60 for value in values] if hours else values


def _trend_sections(rows, trends):
    sections = []
    for key, title, name, hours in TREND_METRICS:
        team = _in_unit(trends.team_series(name), hours)
        workers = [
            (str(row.membership.user), _in_unit(trends.series(row.membership.user_id, name), hours))
            for row in rows
        ]
        sections.append(
            {
                "key": key,
                "title": title,
                "hours": hours,
                "chart": charts.team_trend(key, title, trends.months, team, workers),
                "workers": workers,
                "team": team,
            }
        )
    return sections


#: The lines of a worker's chart: (label, figure in minutes).
WORKER_HOURS = (
    (_("Contact hours"), "contact_minutes"),
    (_("Travel time (hours)"), "travel_minutes"),
    (_("Outreach hours"), "outreach_minutes"),
    (_("Collaboration hours"), "collaboration_minutes"),
    (_("Out-of-mandate hours"), "out_of_mandate_minutes"),
)


def _worker_section(membership, trends):
    lines = [
        (str(label), _in_unit(trends.series(membership.user_id, name), True))
        for label, name in WORKER_HOURS
    ]
    return {
        "key": "worker-hours",
        "title": _("Hours by month"),
        "worker": str(membership.user),
        "chart": charts.worker_trend("worker-hours", str(membership.user), trends.months, lines),
    }


@member_required("can_manage_team")
def team_view(request):
    form = _period_form(request)
    context = {"form": form}
    if form.is_valid():
        period = form.period()
        families = families_for(request)
        months = figures.trend_months(period)
        with reporting_queries():
            rows, total = figures.team_figures(
                request.organization, families, period.start, period.end
            )
            trends = figures.monthly(
                request.organization, families, [row.membership.user_id for row in rows], months
            )
        context |= {
            "period": period,
            "rows": rows,
            "total": total,
            "paused_count": sum(1 for row in rows if not row.membership.intake_open),
            "months": months,
            "sections": _trend_sections(rows, trends),
        }
    return render(request, "supervision/team_view.html", context)


@member_required("can_manage_team")
def worker_detail(request, uuid):
    membership = get_for_org(request, Membership, uuid, Membership.objects.select_related("user"))
    form = _period_form(request)
    context = {"form": form, "membership": membership}
    if form.is_valid():
        period = form.period()
        families = families_for(request)
        months = figures.trend_months(period)
        with reporting_queries():
            trends = figures.monthly(
                request.organization, families, [membership.user_id], months, team=False
            )
            worker = figures.worker_figures(
                request.organization, families, membership, period.start, period.end
            )
        context |= {
            "period": period,
            "figures": worker,
            "section": _worker_section(membership, trends),
            "by_month": [
                (month, trends.by_worker[membership.user_id][month]) for month in reversed(months)
            ],
        }
    return render(request, "supervision/worker_detail.html", context)
