"""The team's workload, per worker, computed in the database.

Every figure is an aggregate grouped by worker (and by month for the trends): the page asks
the same number of queries whether the team has 2 workers or 40, and 10 contacts or 10,000.
Nothing here reads a family's code, identity or notes: only counts and durations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from maillage.accompaniment.models import Contact
from maillage.accounts.models import ORGANIZATION_ROLES, Membership, Role
from maillage.collaboration.models import Collaboration, OutOfMandateRequest
from maillage.core.periods import Period, add_months, first_of_month, last_of_month, months_spanned
from maillage.families.models import Assignment, Status
from maillage.outreach.models import OutreachActivity

#: The figures of a row: counts, durations in minutes, and kilometres.
COUNTS = ("active_families", "new_families", "contacts")
MINUTES = (
    "contact_minutes",
    "travel_minutes",
    "outreach_minutes",
    "collaboration_minutes",
    "out_of_mandate_minutes",
)
METRICS = (*COUNTS, *MINUTES, "distance_km")


@dataclass
class Figures:
    """One worker's figures (``membership`` set) or the team's (``membership`` is None)."""

    membership: Membership | None = None
    active_families: int = 0
    new_families: int = 0
    contacts: int = 0
    contact_minutes: int = 0
    travel_minutes: int = 0
    distance_km: Decimal = Decimal("0")
    outreach_minutes: int = 0
    collaboration_minutes: int = 0
    out_of_mandate_minutes: int = 0

    def hours(self, name):
        return getattr(self, name) / 60

    @property
    def contact_hours(self):
        return self.hours("contact_minutes")

    @property
    def travel_hours(self):
        return self.hours("travel_minutes")

    @property
    def outreach_hours(self):
        return self.hours("outreach_minutes")

    @property
    def collaboration_hours(self):
        return self.hours("collaboration_minutes")

    @property
    def out_of_mandate_hours(self):
        return self.hours("out_of_mandate_minutes")

    @property
    def intake_since(self) -> datetime.date | None:
        """Since when the intake is as it is: its last change, or else the day the worker
        joined (intake is open from the start)."""
        if self.membership is None:
            return None
        return self.membership.intake_changed_on or timezone.localdate(self.membership.created_at)

    @property
    def intake_paused_days(self) -> int | None:
        if self.membership is None or self.membership.intake_open:
            return None
        return (timezone.localdate() - self.intake_since).days

    @property
    def has_activity(self):
        return any(getattr(self, name) for name in METRICS)


@dataclass
class Sources:
    """The rows each figure counts, already scoped to the organization."""

    contacts: object
    outreach: object
    collaborations: object
    requests: object
    families: object

    @classmethod
    def of(cls, organization, families):
        """``families``: the organization's families as the person may see them
        (``families_for(request)``); the contacts are reached through them."""
        return cls(
            contacts=Contact.objects.within(family__in=families),
            outreach=OutreachActivity.objects.for_org(organization),
            collaborations=Collaboration.objects.for_org(organization),
            requests=OutOfMandateRequest.objects.for_org(organization),
            families=families,
        )

    def assignments(self, families):
        return Assignment.objects.within(family__in=families)

    def active_families(self):
        return self.families.exclude(status=Status.CLOSED)

    def new_families(self, start, end):
        """Families whose record was created in the period (local dates)."""
        return self.families.filter(created_at__date__gte=start, created_at__date__lte=end)


def _per_worker(rows, value, output=None):
    """A correlated subquery: ``value`` aggregated over ``rows`` of the membership's user,
    0 when there is none."""
    output = output or IntegerField()
    grouped = (
        rows.filter(worker=OuterRef("user_id"))
        .order_by()
        .values("worker")
        .annotate(value=value)
        .values("value")
    )
    zero = Decimal("0") if isinstance(output, DecimalField) else 0
    return Coalesce(Subquery(grouped, output_field=output), Value(zero, output_field=output))


def with_figures(memberships, sources: Sources, start: datetime.date, end: datetime.date):
    """``memberships`` annotated with their figures for the period: one query in all."""
    in_period = {"date__gte": start, "date__lte": end}
    contacts = sources.contacts.filter(**in_period)
    km = DecimalField(max_digits=12, decimal_places=1)
    return memberships.annotate(
        active_families=_per_worker(sources.assignments(sources.active_families()), Count("pk")),
        new_families=_per_worker(
            sources.assignments(sources.new_families(start, end)), Count("pk")
        ),
        contacts=_per_worker(contacts, Count("pk")),
        contact_minutes=_per_worker(contacts, Sum("duration_minutes")),
        travel_minutes=_per_worker(contacts, Sum("travel_minutes")),
        distance_km=_per_worker(contacts, Sum("distance_km"), km),
        outreach_minutes=_per_worker(sources.outreach.filter(**in_period), Sum("duration_minutes")),
        collaboration_minutes=_per_worker(
            sources.collaborations.filter(**in_period), Sum("duration_minutes")
        ),
        out_of_mandate_minutes=_per_worker(
            sources.requests.filter(**in_period), Sum("minutes_spent")
        ),
    )


def figures_of(membership) -> Figures:
    return Figures(membership, **{name: getattr(membership, name) for name in METRICS})


def worker_figures(organization, families, membership, start, end) -> Figures:
    """One worker's figures for the period (a former worker's too)."""
    memberships = Membership.objects.for_org(organization).filter(pk=membership.pk)
    annotated = with_figures(memberships, Sources.of(organization, families), start, end)
    return figures_of(annotated.select_related("user").get())


def team_figures(organization, families, start: datetime.date, end: datetime.date):
    """``(rows, total)``: one ``Figures`` per worker of the organization for the period, and
    the team's.

    The workers are the active outreach workers, and the managers who have figures of their
    own (a manager who also sees families appears; one who only supervises does not). The
    total adds the rows up, except for families, which are counted once even when two
    workers share them.
    """
    sources = Sources.of(organization, families)
    memberships = with_figures(
        Membership.objects.for_org(organization)
        .active()
        .filter(role__in=ORGANIZATION_ROLES)
        .select_related("user")
        .order_by("user__full_name", "user__email"),
        sources,
        start,
        end,
    )
    rows = []
    for membership in memberships:
        figures = figures_of(membership)
        if membership.role == Role.PTP or figures.has_activity:
            rows.append(figures)

    total = Figures()
    for name in METRICS:
        setattr(total, name, sum((getattr(row, name) for row in rows), getattr(total, name)))
    workers = [row.membership.user_id for row in rows]
    shared = sources.families.filter(assignments__worker__in=workers).aggregate(
        active=Count("pk", distinct=True, filter=~Q(status=Status.CLOSED)),
        new=Count(
            "pk",
            distinct=True,
            filter=Q(created_at__date__gte=start, created_at__date__lte=end),
        ),
    )
    total.active_families = shared["active"]
    total.new_families = shared["new"]
    return rows, total


@dataclass
class Trends:
    """Figures by month: ``by_worker[user_id][month]`` and ``team[month]``."""

    months: list
    by_worker: dict = field(default_factory=dict)
    team: dict = field(default_factory=dict)

    def series(self, user_id, name):
        return [getattr(self.by_worker[user_id][month], name) for month in self.months]

    def team_series(self, name):
        return [getattr(self.team[month], name) for month in self.months]


def _month(value) -> datetime.date:
    """TruncMonth gives a date for a date field, a local datetime for a datetime field."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _by_month(rows, date_field, **values):
    return (
        rows.annotate(month=TruncMonth(date_field))
        .order_by()
        .values("worker", "month")
        .annotate(**values)
    )


#: The trend always covers at least this many months, so a month chosen alone still shows
#: where it sits in the year (the pilot's managers look at workload over seasons).
TREND_MONTHS = 12


def trend_months(period: Period) -> list[datetime.date]:
    """The months of the trend (first days): the 12 months that end with the period's last
    month, or all the months of the period when it is longer."""
    last = first_of_month(period.end)
    count = max(TREND_MONTHS, months_spanned(period.start, period.end))
    return [add_months(last, i - count + 1) for i in range(count)]


def monthly(organization, families, user_ids, months: list[datetime.date], *, team=True) -> Trends:
    """Each figure that has a date, by worker and by month, over ``months`` (first days).

    Active families are a state of today, not of a month: they are not here. ``team=False``
    leaves the team's new families (counted once each) to 0, for one worker's page.
    """
    sources = Sources.of(organization, families)
    start = months[0]
    end = last_of_month(months[-1])
    in_range = {"date__gte": start, "date__lte": end, "worker__in": user_ids}
    trends = Trends(months)
    for user_id in user_ids:
        trends.by_worker[user_id] = {month: Figures() for month in months}
    trends.team = {month: Figures() for month in months}

    queries = [
        _by_month(
            sources.contacts.filter(**in_range),
            "date",
            contacts=Count("pk"),
            contact_minutes=Sum("duration_minutes"),
            travel_minutes=Sum("travel_minutes"),
            distance_km=Sum("distance_km"),
        ),
        _by_month(
            sources.outreach.filter(**in_range), "date", outreach_minutes=Sum("duration_minutes")
        ),
        _by_month(
            sources.collaborations.filter(**in_range),
            "date",
            collaboration_minutes=Sum("duration_minutes"),
        ),
        _by_month(
            sources.requests.filter(**in_range),
            "date",
            out_of_mandate_minutes=Sum("minutes_spent"),
        ),
        _by_month(
            sources.assignments(sources.new_families(start, end)).filter(worker__in=user_ids),
            "family__created_at",
            new_families=Count("pk"),
        ),
    ]
    for query in queries:
        for row in query:
            month = _month(row.pop("month"))
            worker = row.pop("worker")
            figures = trends.by_worker[worker][month]
            month_total = trends.team[month]
            for name, value in row.items():
                value = value or 0
                setattr(figures, name, value)
                if name != "new_families":
                    setattr(month_total, name, getattr(month_total, name) + value)

    if not team:
        return trends
    # A family shared by two workers is one new family for the team.
    shared = (
        sources.new_families(start, end)
        .filter(assignments__worker__in=user_ids)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values("month")
        .annotate(new_families=Count("pk", distinct=True))
    )
    for row in shared:
        trends.team[_month(row["month"])].new_families = row["new_families"]
    return trends
