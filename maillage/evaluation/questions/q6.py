"""Question 6: to which services are referrals made?

Referrals of the period by need, by partner, by category of service and by the partner's
mandate (see ``maillage/evaluation/indicators/referrals.py`` for the choices).
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.core.taxonomy import Need
from maillage.evaluation.indicators import referrals as indicators
from maillage.partners.models import Mandate

from .base import SHARE, Chart, Indicator, Question, QuestionResult, Table
from .q5 import tally_of

TITLE = _("Referral destinations")
DEFINITION = _(
    "Referrals made in the period (by the day they were made) for the families counted, "
    "whatever their outcome since; each referral counts once in each table, except by "
    "category of service, where a service that answers several needs counts under each."
)
CATEGORY_NOTE = _(
    "The category is the needs the partner directory gives the service. A service with several "
    "needs counts under each, so the column total can count a referral more than once."
)


def compute(scope) -> QuestionResult:
    """Two queries, whatever the number of referrals."""
    referrals = scope.referrals()
    destinations = indicators.destinations(referrals)
    by_need = destinations["need"]
    by_category = destinations["category"]
    by_mandate = destinations["mandate"]
    by_partner = indicators.by_partner(referrals)

    total = tally_of({})
    for counts in by_need.values():
        total = total + tally_of(counts)
    directory = tally_of(by_mandate[Mandate.LOCAL]) + tally_of(by_mandate[Mandate.REGIONAL])
    # Most referrals first; equal counts by name, so the order is the same on every database.
    partners = sorted(by_partner, key=lambda name: (-sum(by_partner[name].values()), name))
    categories = [
        *((str(need.label), need.value) for need in Need),
        (gettext("Service without a category"), indicators.NOT_CATEGORISED),
        (gettext("Partner outside the directory"), indicators.OUTSIDE_DIRECTORY),
    ]
    mandates = [
        (gettext("Local partner of the directory"), Mandate.LOCAL),
        (gettext("Regional partner of the directory"), Mandate.REGIONAL),
        (gettext("Partner outside the directory (typed in)"), indicators.OUTSIDE_DIRECTORY),
    ]
    column = [gettext("Referrals")]
    return QuestionResult(
        number=6,
        title=str(TITLE),
        definition=str(DEFINITION),
        indicators=[
            Indicator(gettext("Referrals made"), total),
            Indicator(gettext("To a partner of the directory"), directory, kind=SHARE, of=total),
            Indicator(
                gettext("To a regional partner"),
                tally_of(by_mandate[Mandate.REGIONAL]),
                kind=SHARE,
                of=total,
            ),
        ],
        tables=[
            Table(
                caption=gettext("Referrals by need"),
                row_header=gettext("Need"),
                row_labels=[str(need.label) for need in Need],
                column_labels=column,
                row_totals=False,  # one column: the total would repeat it
                cells=[[tally_of(by_need.get(need.value, {}))] for need in Need],
            ),
            Table(
                caption=gettext("Referrals by partner"),
                row_header=gettext("Partner"),
                row_labels=partners,
                column_labels=column,
                row_totals=False,  # one column: the total would repeat it
                cells=[[tally_of(by_partner[name])] for name in partners],
            ),
            Table(
                caption=gettext("Referrals by category of service"),
                row_header=gettext("Category of service"),
                row_labels=[label for label, _key in categories],
                column_labels=column,
                row_totals=False,  # one column: the total would repeat it
                cells=[[tally_of(by_category[key])] for _label, key in categories],
                note=str(CATEGORY_NOTE),
            ),
            Table(
                caption=gettext("Referrals by mandate of the partner"),
                row_header=gettext("Partner"),
                row_labels=[label for label, _key in mandates],
                column_labels=column,
                row_totals=False,  # one column: the total would repeat it
                cells=[[tally_of(by_mandate[key])] for _label, key in mandates],
            ),
        ],
        chart=Chart(gettext("Referrals by need"), table=0, column=0),
    )


QUESTION = Question(6, TITLE, compute)
