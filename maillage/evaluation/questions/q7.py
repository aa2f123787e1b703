"""Question 7: do families use the services they were referred to?

Uptake (service received out of the referrals that reached an outcome saying so), reasons
for non-use, days to service, and uptake with and without the worker's accompaniment. The
headline numbers are those of ``maillage/referrals/indicators.py`` (uptake, median days), computed
here from grouped rows that also give the tables.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.evaluation.indicators import referrals as indicators
from maillage.lib import referral_flow as flow
from maillage.referrals import indicators as loop
from maillage.referrals.models import NonUseReason, ReferralStatus

from .base import (
    SHARE,
    Chart,
    Indicator,
    Measure,
    MeasureColumn,
    Question,
    QuestionResult,
    RateColumn,
    Table,
    Tally,
)
from .q5 import tally_of

TITLE = _("Uptake of referrals")
#: In the order of ``DAYS_TO_SERVICE_BANDS``.
BAND_LABELS = (
    _("Within a week"),
    _("8 to 30 days"),
    _("31 to 90 days"),
    _("More than 90 days"),
)
DEFINITION = _(
    "Referrals made in the period for the families counted that have since ended in the service "
    "received, not used, or refused by the service; uptake is the share received. Withdrawn "
    "referrals (no longer needed) and referrals still under way are not in the uptake, and time "
    "to service counts the days from the referral to the day the service was received."
)


def _ended(counts: dict[str, dict[int, int]]) -> list[Tally]:
    """[ended, received, not used, refused] from ``{outcome: {organization id: count}}``."""
    outcomes = [tally_of(counts[status]) for status in loop.UPTAKE_OUTCOMES]
    ended = outcomes[0] + outcomes[1] + outcomes[2]
    return [ended, *outcomes]


def _median_days(days, received: Tally) -> Measure:
    """The median days to service, contributed by the organizations with a service received.

    A median does not add up, so it stands in a table of one row only: the shell sums the
    measures of rolled-up rows and of the total row, which is right for hours, not for a
    median.
    """
    median = indicators.median(days)
    contributors = received.organizations if median is not None else frozenset()
    return Measure(median or 0, contributors, additive=False)


def compute(scope) -> QuestionResult:
    """Three queries, whatever the number of referrals."""
    referrals = scope.referrals()
    grouped = indicators.outcomes(referrals)
    outcomes = grouped["all"]
    events = scope.referral_events()
    reasons = indicators.reasons_by_organization(events)
    days = indicators.days_to_service(events)
    bands = indicators.bands(days)

    all_ended = _ended(outcomes)
    accompanied = _ended(grouped[True])
    alone = _ended(grouped[False])
    made = tally_of({})
    for counts in outcomes.values():
        made = made + tally_of(counts)
    outcome_rows = [
        (ReferralStatus.RECEIVED.label, flow.RECEIVED),
        (ReferralStatus.NOT_USED.label, flow.NOT_USED),
        (ReferralStatus.REFUSED.label, flow.REFUSED),
        (ReferralStatus.WITHDRAWN.label, flow.WITHDRAWN),
        (_("Still under way"), "open"),
    ]
    ended_columns = [
        gettext("Referrals ended"),
        gettext("Service received"),
        gettext("Not used"),
        gettext("Refused by the service"),
    ]
    uptake = [RateColumn(gettext("Uptake"), numerator=1, denominator=0)]
    return QuestionResult(
        number=7,
        title=str(TITLE),
        definition=str(DEFINITION),
        indicators=[
            Indicator(gettext("Referrals made"), made),
            Indicator(
                gettext("Uptake"),
                all_ended[1],
                kind=SHARE,
                of=all_ended[0],
                help=gettext("Service received out of received, not used and refused."),
            ),
            Indicator(gettext("Referrals still under way"), tally_of(outcomes["open"])),
        ],
        tables=[
            Table(
                caption=gettext("Uptake with and without the worker's accompaniment"),
                row_header=gettext("Referral"),
                row_labels=[gettext("Accompanied by the worker"), gettext("Not accompanied")],
                column_labels=ended_columns,
                cells=[accompanied, alone],
                rates=uptake,
                # "Referrals ended" is the sum of the three outcomes beside it.
                row_totals=False,
            ),
            Table(
                caption=gettext("Reasons for non-use"),
                row_header=gettext("Reason"),
                row_labels=[str(reason.label) for reason in NonUseReason],
                column_labels=[gettext("Referrals not used or refused")],
                row_totals=False,  # one column: the total would repeat it
                cells=[[tally_of(reasons.get(reason.value, {}))] for reason in NonUseReason],
            ),
            Table(
                caption=gettext("Outcomes of the referrals made in the period"),
                row_header=gettext("Outcome"),
                row_labels=[str(label) for label, _key in outcome_rows],
                column_labels=[gettext("Referrals")],
                row_totals=False,  # one column: the total would repeat it
                cells=[[tally_of(outcomes[key])] for _label, key in outcome_rows],
            ),
            Table(
                caption=gettext("Uptake and time to service, all referrals"),
                row_header=gettext("Referral"),
                row_labels=[gettext("All referrals")],
                column_labels=ended_columns,
                cells=[all_ended],
                rates=uptake,
                measures=[
                    MeasureColumn(
                        gettext("Median days to service"), [_median_days(days, all_ended[1])]
                    )
                ],
                row_totals=False,
            ),
            Table(
                caption=gettext("Days from the referral to the service received"),
                row_header=gettext("Days to service"),
                row_labels=[str(label) for label in BAND_LABELS],
                column_labels=[gettext("Services received")],
                cells=[
                    [tally_of(bands[key])]
                    for key, _first, _last in indicators.DAYS_TO_SERVICE_BANDS
                ],
                row_totals=False,  # one column: the total would repeat it
            ),
        ],
        chart=Chart(
            gettext("Uptake with and without accompaniment"), table=0, source=SHARE, column=0
        ),
    )


QUESTION = Question(7, TITLE, compute)
