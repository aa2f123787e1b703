"""Question 8: is outreach complementary to existing services?

Needs met by an existing service (referrals that ended in the service received) against
needs that hit a service gap (referrals ended not used or refused for a structural reason,
and the gaps the managers confirmed), by need; the confirmed gaps by cause. See
``maillage/evaluation/indicators/complementarity.py``.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.core.taxonomy import Need
from maillage.evaluation.indicators import complementarity
from maillage.gaps.models import Cause, ServiceGap

from .base import SHARE, Chart, Indicator, Question, QuestionResult, RateColumn, Table
from .q5 import tally_of

TITLE = _("Complementarity with existing services")
DEFINITION = _(
    "For the referrals made in the period for the families counted, a need is met by an existing "
    "service when the referral ended in the service received, and hits a service gap when it "
    "ended not used or refused for transport, waiting time, eligibility, language, cost or "
    "schedule; other reasons count on neither side. Gaps are those raised in the period and "
    "confirmed by the manager, not those dismissed, still suggested or merged into another."
)
ADDED_NOTE = _(
    "Across organizations, families affected count only the families behind referrals, with the "
    "statistics consent; the families a manager added by hand to a gap are left out."
)


def gaps_of(scope):
    """The scope's service gaps raised in the period, by their local day of creation: from
    midnight of its first day to midnight after its last: instants compared as they are
    stored, rather than each gap's local date computed and compared."""
    start, end = (
        timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        for day in (scope.period.start, scope.period.end + datetime.timedelta(days=1))
    )
    return scope.scoped(ServiceGap).filter(created_at__gte=start, created_at__lt=end)


def compute(scope) -> QuestionResult:
    """Three queries, whatever the number of referrals and gaps."""
    needs = complementarity.needs_met_and_unmet(scope.referrals())
    met, unmet = needs["met"], needs["unmet"]
    # Across organizations only consenting families count, and a number typed by a manager
    # carries no consent: it stays in the organization's own view.
    gaps = complementarity.gap_tallies(
        gaps_of(scope), scope.family_counts("referrals__family"), include_added=not scope.across
    )
    confirmed, by_cause = gaps["by_need"], gaps

    rows = []
    for need in Need:
        met_tally = tally_of(met.get(need.value, {}))
        unmet_tally = tally_of(unmet.get(need.value, {}))
        rows.append(
            [
                met_tally + unmet_tally,
                met_tally,
                unmet_tally,
                tally_of(confirmed.get(need.value, {})),
            ]
        )
    met_total = sum((row[1] for row in rows), tally_of({}))
    unmet_total = sum((row[2] for row in rows), tally_of({}))
    gaps_total = sum((row[3] for row in rows), tally_of({}))
    return QuestionResult(
        number=8,
        title=str(TITLE),
        definition=str(DEFINITION),
        indicators=[
            Indicator(gettext("Needs met by an existing service"), met_total),
            Indicator(gettext("Needs that hit a service gap"), unmet_total),
            Indicator(
                gettext("Share of needs met"),
                met_total,
                kind=SHARE,
                of=met_total + unmet_total,
                help=gettext("Met by a service out of met and hitting a gap."),
            ),
            Indicator(gettext("Service gaps confirmed"), gaps_total),
        ],
        tables=[
            Table(
                caption=gettext("Needs met and needs that hit a service gap"),
                row_header=gettext("Need"),
                row_labels=[str(need.label) for need in Need],
                column_labels=[
                    gettext("Referrals met or hitting a gap"),
                    gettext("Met by an existing service"),
                    gettext("Hit a service gap"),
                    gettext("Service gaps confirmed"),
                ],
                cells=rows,
                rates=[RateColumn(gettext("Share met"), numerator=1, denominator=0)],
                # Referrals and gaps are not the same unit: a row total would add them.
                row_totals=False,
            ),
            Table(
                caption=gettext("Service gaps confirmed, by cause"),
                row_header=gettext("Cause"),
                row_labels=[str(cause.label) for cause in Cause],
                column_labels=[gettext("Service gaps confirmed"), gettext("Families affected")],
                cells=[
                    [
                        tally_of(by_cause["gaps"][cause.value]),
                        tally_of(by_cause["families"][cause.value]),
                    ]
                    for cause in Cause
                ],
                row_totals=False,
                note=str(ADDED_NOTE) if scope.across else "",
            ),
        ],
        chart=Chart(gettext("Share of needs met, by need"), table=0, source=SHARE, column=0),
    )


QUESTION = Question(8, TITLE, compute)
