"""The participation report: what an organization sends its funder for a period.

``participation_report(organization, period)`` computes every table with database
aggregates (conditional ``Count`` and ``Sum``), so the number of queries does not depend on
the number of families, contacts or activities. The report is the organization's own: the
counts are exact (no small-cell suppression), and no family code, name or note is read.

Labels are translated when the report is built: build it under the language it is to be
read in (the renderers never translate).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maillage.accompaniment.models import Contact, ContactMode
from maillage.collaboration.models import Collaboration, Decision, OutOfMandateRequest
from maillage.core.periods import Period
from maillage.core.taxonomy import Need
from maillage.families.models import Family, Member
from maillage.gaps.models import Cause, ServiceGap
from maillage.gaps.services import COUNTED_STATUSES, with_family_counts
from maillage.outreach.models import DefaultStrategy, OutreachActivity
from maillage.referrals import indicators
from maillage.referrals.models import NonUseReason, Referral, ReferralStatus

ONE_PLACE = Decimal("0.1")


def hours(minutes) -> Decimal:
    """Minutes as hours with one decimal, rounded half up (135 min → 2.3 h)."""
    return (Decimal(minutes or 0) / 60).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def share(part, whole) -> Decimal | None:
    """A percentage with one decimal; ``None`` when there is nothing to divide (not 0 %)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass
class Chart:
    """Horizontal bars: one per label. ``unit`` is printed after each value."""

    labels: list[str]
    values: list
    unit: str = ""


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list]
    note: str = ""
    total: list | None = None
    chart: Chart | None = None
    #: How many columns, from the left, hold labels rather than numbers.
    label_columns: int = 1


@dataclass
class Report:
    organization: str
    period: Period
    produced_on: datetime.date
    language: str
    tables: list[Table] = field(default_factory=list)

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)

    @property
    def organization_slug(self) -> str:
        return slugify(self.organization) or "organisme"

    def filename(self, extension: str) -> str:
        """ASCII: ``rapport-participation-<organization>-<start>_<end>.<extension>``."""
        return f"rapport-participation-{self.organization_slug}-{self.period.slug}.{extension}"


def participation_report(organization, period: Period) -> Report:
    """The report of ``organization`` for ``period``, in the active language."""
    report = Report(
        organization=organization.name,
        period=period,
        produced_on=timezone.localdate(),
        language=get_language() or settings.LANGUAGE_CODE,
    )
    families = Family.objects.for_org(organization)
    # Contacts and referrals by the organization they carry (a copy of their family's),
    # which the (organization, date) indexes serve: through ``family IN (its families)``,
    # PostgreSQL joined the province's rows of the period (docs/benchmarks.md).
    contacts = Contact.objects.for_org(organization).filter(date__range=period.bounds)
    reached = _reached_families(families, period)
    time_spent = _time_spent(organization, contacts, period)
    report.tables = [
        _families_table(reached, period),
        _members_table(reached, period),
        _outreach_table(organization, period),
        _contacts_table(contacts),
        *_referral_tables(organization, period),
        _gaps_table(organization, period),
        _time_table(time_spent),
        _travel_table(time_spent),
    ]
    return report


# Families reached ----------------------------------------------------------------------


def _created_in(period):
    # ``created_at`` is a moment: its local date decides, as everywhere else in Maillage.
    return Q(created_at__date__range=period.bounds)


def _reached_families(families, period):
    """Families with a contact in the period or created in it."""
    contact_in_period = Contact.objects.within(family=OuterRef("pk")).filter(
        date__range=period.bounds
    )
    return families.filter(_created_in(period) | Q(Exists(contact_in_period)))


def _families_table(reached, period) -> Table:
    counts = reached.aggregate(reached=Count("pk"), new=Count("pk", filter=_created_in(period)))
    ongoing = counts["reached"] - counts["new"]
    labels = [_("New families"), _("Families already known")]
    return Table(
        key="families",
        title=_("Families reached"),
        headers=[_("Families"), _("Number")],
        rows=[[labels[0], counts["new"]], [labels[1], ongoing]],
        total=[_("Families reached"), counts["reached"]],
        note=_(
            "A family is reached when it had a contact in the period or its file was opened "
            "in it. New: file opened in the period. Already known: reached, file opened before."
        ),
        chart=Chart(labels, [counts["new"], ongoing]),
    )


# Members by age group -------------------------------------------------------------------


def _age_on(day: datetime.date):
    """``Member.age_on(day)`` in SQL: the year difference, minus one when the birthday
    (the 1st of the birth month, July when unknown) is after ``day``'s month. The 1st of a
    month is never after ``day`` within the same month, so the day plays no part."""
    birthday_to_come = Case(
        When(birth_month_or_july__gt=day.month, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return Value(day.year) - F("birth_year") - birthday_to_come


AGE_GROUPS = ((0, 5), (6, 12), (13, 17))


def _members_table(reached, period) -> Table:
    known = Q(expected=False, birth_year__isnull=False)
    members = (
        Member.objects.within(family__in=reached)
        .annotate(birth_month_or_july=Coalesce("birth_month", Value(7)))
        .annotate(age=_age_on(period.end))
    )
    # Age is floored at 0 like ``age_on``: a child born after the period's end is 0-5.
    groups = {
        f"group_{low}": Count(
            "pk", filter=known & Q(age__lte=high) & (Q(age__gte=low) if low else Q())
        )
        for low, high in AGE_GROUPS
    }
    counts = members.aggregate(
        **groups,
        adults=Count("pk", filter=known & Q(age__gte=18)),
        expected_births=Count("pk", filter=Q(expected=True)),
        unknown=Count("pk", filter=Q(expected=False, birth_year__isnull=True)),
        total=Count("pk"),
    )
    children = sum(counts[f"group_{low}"] for low, _high in AGE_GROUPS)
    group_labels = [
        _("Children aged 0 to 5"),
        _("Children aged 6 to 12"),
        _("Teenagers aged 13 to 17"),
    ]
    rows = [
        [label, counts[f"group_{low}"]]
        for label, (low, _high) in zip(group_labels, AGE_GROUPS, strict=True)
    ]
    rows += [
        [_("Children aged 0 to 17, together"), children],
        [_("Adults (18 and over)"), counts["adults"]],
        [_("Expected births"), counts["expected_births"]],
        [_("Age not recorded"), counts["unknown"]],
    ]
    return Table(
        key="members",
        title=_("Members of the families reached, by age"),
        headers=[_("Age group"), _("Members")],
        rows=rows,
        total=[_("All members"), counts["total"]],
        note=_(
            "Age on the last day of the period, from the year and month of birth (July when "
            "only the year is known)."
        ),
        chart=Chart(
            [*group_labels, _("Adults (18 and over)")],
            [*(counts[f"group_{low}"] for low, _high in AGE_GROUPS), counts["adults"]],
        ),
    )


# Outreach -------------------------------------------------------------------------------


def _strategy_label(row) -> str:
    if row["strategy__default"]:
        return str(DefaultStrategy(row["strategy__default"]).label)
    return row["strategy__custom_name"]


def _outreach_table(organization, period) -> Table:
    rows = (
        OutreachActivity.objects.for_org(organization)
        .filter(date__range=period.bounds)
        .values("strategy_id", "strategy__default", "strategy__custom_name", "strategy__position")
        .annotate(
            activities=Count("pk"),
            minutes=Sum("duration_minutes", default=0),
            people=Sum("people_met", default=0),
            families_new=Sum("families_reached", default=0),
        )
        .order_by("strategy__position", "strategy__custom_name", "strategy_id")
    )
    body, totals = [], [0, 0, 0, 0]
    for row in rows:
        body.append(
            [
                _strategy_label(row),
                row["activities"],
                hours(row["minutes"]),
                row["people"],
                row["families_new"],
            ]
        )
        for index, key in enumerate(("activities", "minutes", "people", "families_new")):
            totals[index] += row[key]
    return Table(
        key="outreach",
        title=_("Outreach activities by strategy"),
        headers=[
            _("Strategy"),
            _("Activities"),
            _("Hours spent"),
            _("People met"),
            _("Families newly reached"),
        ],
        rows=body,
        total=[_("Total"), totals[0], hours(totals[1]), totals[2], totals[3]],
        note=_(
            "Activities dated in the period. Families newly reached: as counted by the worker "
            "after each activity; hours: activities whose duration was recorded."
        ),
        chart=Chart([row[0] for row in body], [row[1] for row in body]),
    )


# Contacts -------------------------------------------------------------------------------


def _contacts_table(contacts) -> Table:
    rows = {
        row["mode"]: row
        for row in contacts.values("mode")
        .annotate(
            count=Count("pk"),
            families=Count("family", distinct=True),
            minutes=Sum("duration_minutes"),
        )
        .order_by()
    }
    totals = contacts.aggregate(
        count=Count("pk"),
        families=Count("family", distinct=True),
        minutes=Sum("duration_minutes", default=0),
    )
    body = [
        [str(label), rows[mode]["count"], rows[mode]["families"], hours(rows[mode]["minutes"])]
        for mode, label in ContactMode.choices
        if mode in rows
    ]
    return Table(
        key="contacts",
        title=_("Contacts with families, by mode"),
        headers=[_("Mode"), _("Contacts"), _("Families"), _("Hours spent")],
        rows=body,
        total=[_("Total"), totals["count"], totals["families"], hours(totals["minutes"])],
        note=_(
            "Contacts dated in the period; a family met in several ways counts once in the "
            "total. Hours: time with the family, travel excluded."
        ),
        chart=Chart([row[0] for row in body], [row[3] for row in body], unit="h"),
    )


# Referrals ------------------------------------------------------------------------------


def _referral_tables(organization, period) -> list[Table]:
    referrals = Referral.objects.for_org(organization).filter(created_on__range=period.bounds)
    by_status = referrals.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in ReferralStatus.values},
        total=Count("pk"),
    )
    status_rows = [
        [str(label), by_status[status]]
        for status, label in ReferralStatus.choices
        if by_status[status]
    ]
    by_need = {
        row["need"]: row
        for row in referrals.values("need")
        .annotate(count=Count("pk"), received=Count("pk", filter=Q(status=ReferralStatus.RECEIVED)))
        .order_by()
    }
    need_rows = [
        [str(label), by_need[need]["count"], by_need[need]["received"]]
        for need, label in Need.choices
        if need in by_need
    ]
    outcomes = indicators.outcome_counts(referrals)
    rate = indicators.rate_of(outcomes)
    median = indicators.time_to_service(referrals)
    reasons = indicators.reasons_for_non_use(referrals)
    reason_labels = dict(NonUseReason.choices)
    uptake_rows = [
        [_("Referrals with an outcome (received, not used, refused)"), sum(outcomes.values())],
        [_("Service received"), outcomes[ReferralStatus.RECEIVED]],
        [_("Not used"), outcomes[ReferralStatus.NOT_USED]],
        [_("Refused by the service"), outcomes[ReferralStatus.REFUSED]],
        [
            _("Uptake rate (%)"),
            None
            if rate is None
            else share(outcomes[ReferralStatus.RECEIVED], sum(outcomes.values())),
        ],
        [
            _("Median days to service"),
            None if median is None else Decimal(str(median)).quantize(ONE_PLACE),
        ],
    ]
    reason_rows = [
        [str(reason_labels.get(reason, reason)), count] for reason, count in reasons.items()
    ]
    return [
        Table(
            key="referrals",
            title=_("Referrals by status"),
            headers=[_("Status"), _("Referrals")],
            rows=status_rows,
            total=[_("Total"), by_status["total"]],
            note=_(
                "Referrals made in the period, with their status on the day the report was "
                "produced."
            ),
            chart=Chart([row[0] for row in status_rows], [row[1] for row in status_rows]),
        ),
        Table(
            key="referral_needs",
            title=_("Referrals by need"),
            headers=[_("Need"), _("Referrals"), _("Service received")],
            rows=need_rows,
            total=[_("Total"), by_status["total"], outcomes[ReferralStatus.RECEIVED]],
        ),
        Table(
            key="uptake",
            title=_("Uptake of the services referred to"),
            headers=[_("Indicator"), _("Value")],
            rows=uptake_rows,
            note=_(
                "Uptake rate: services received out of referrals that ended received, not used "
                "or refused; withdrawn and open referrals are left out. Days to service: from "
                "the referral to the service received."
            ),
        ),
        Table(
            key="non_use",
            title=_("Reasons for non-use"),
            headers=[_("Reason"), _("Referrals")],
            rows=reason_rows,
            note=_("Referrals of the period that ended not used or refused, by the reason given."),
        ),
    ]


# Service gaps ---------------------------------------------------------------------------


def _gaps_table(organization, period) -> Table:
    gaps = with_family_counts(
        ServiceGap.objects.for_org(organization).filter(
            status__in=COUNTED_STATUSES, created_at__date__range=period.bounds
        )
    ).values_list("need", "cause", "families_affected")
    grouped = defaultdict(lambda: [0, 0])
    for need, cause, affected in gaps:
        grouped[need, cause][0] += 1
        grouped[need, cause][1] += affected
    need_order = {value: index for index, value in enumerate(Need.values)}
    cause_order = {value: index for index, value in enumerate(Cause.values)}
    need_labels, cause_labels = dict(Need.choices), dict(Cause.choices)
    body = [
        [str(need_labels[need]), str(cause_labels[cause]), counts[0], counts[1]]
        for (need, cause), counts in sorted(
            grouped.items(), key=lambda item: (need_order[item[0][0]], cause_order[item[0][1]])
        )
    ]
    return Table(
        key="gaps",
        title=_("Service gaps"),
        headers=[_("Need"), _("Cause"), _("Gaps"), _("Families affected")],
        rows=body,
        total=[_("Total"), "", sum(row[2] for row in body), sum(row[3] for row in body)],
        label_columns=2,
        note=_(
            "Gaps recorded in the period and confirmed (or since resolved) by the manager. "
            "Families affected: families of the referrals behind each gap, plus those added "
            "by hand; a family behind two gaps counts in each."
        ),
    )


# Time and travel ------------------------------------------------------------------------


def _time_spent(organization, contacts, period) -> dict:
    spent = contacts.aggregate(
        contact_total=Sum("duration_minutes", default=0),
        travel_total=Sum("travel_minutes", default=0),
        km=Sum("distance_km", default=Decimal(0)),
        with_travel=Count("pk", filter=Q(travel_minutes__gt=0) | Q(distance_km__gt=0)),
    )
    spent |= (
        OutreachActivity.objects.for_org(organization)
        .filter(date__range=period.bounds)
        .aggregate(outreach_minutes=Sum("duration_minutes", default=0))
    )
    spent |= (
        Collaboration.objects.for_org(organization)
        .filter(date__range=period.bounds)
        .aggregate(collaboration_minutes=Sum("duration_minutes", default=0))
    )
    spent |= (
        OutOfMandateRequest.objects.for_org(organization)
        .filter(date__range=period.bounds, decision=Decision.ACCEPTED)
        .aggregate(out_of_mandate_minutes=Sum("minutes_spent", default=0))
    )
    return spent


def _time_table(spent) -> Table:
    kinds = [
        (_("Contacts with families"), spent["contact_total"]),
        (_("Travel for contacts"), spent["travel_total"]),
        (_("Outreach activities"), spent["outreach_minutes"]),
        (_("Collaborations with partners"), spent["collaboration_minutes"]),
        (_("Out-of-mandate requests accepted"), spent["out_of_mandate_minutes"]),
    ]
    total = sum(minutes for _label, minutes in kinds)
    rows = [[label, hours(minutes), share(minutes, total)] for label, minutes in kinds]
    return Table(
        key="time",
        title=_("Time by kind of activity"),
        headers=[_("Kind of activity"), _("Hours spent"), _("Share (%)")],
        rows=rows,
        total=[_("Total"), hours(total), Decimal(100).quantize(ONE_PLACE) if total else None],
        note=_(
            "Time recorded for activities dated in the period; entries without a duration add "
            "nothing."
        ),
        chart=Chart([row[0] for row in rows], [row[1] for row in rows], unit="h"),
    )


def _travel_table(spent) -> Table:
    trips = spent["with_travel"]
    km = Decimal(spent["km"] or 0).quantize(ONE_PLACE)
    rows = [
        [_("Contacts with travel"), trips],
        [_("Travel time (minutes)"), spent["travel_total"]],
        [_("Travel time (hours)"), hours(spent["travel_total"])],
        [_("Distance travelled (km)"), km],
        [
            _("Average distance per contact with travel (km)"),
            (km / trips).quantize(ONE_PLACE, rounding=ROUND_HALF_UP) if trips else None,
        ],
        [
            _("Average travel time per contact with travel (minutes)"),
            (Decimal(spent["travel_total"]) / trips).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
            if trips
            else None,
        ],
    ]
    return Table(
        key="travel",
        title=_("Travel"),
        headers=[_("Indicator"), _("Value")],
        rows=rows,
        note=_(
            "Travel recorded with the contacts of the period (time and kilometres, as the "
            "worker entered them)."
        ),
    )
