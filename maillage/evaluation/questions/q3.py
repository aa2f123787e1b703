"""Question 3: which strategies work better, which worse?"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..indicators.strategies import (
    RETENTION_DAYS,
    outreach_by_strategy,
    paths_by_strategy,
    strategy_rows,
)
from .base import (
    RATIO,
    SHARE,
    Chart,
    Indicator,
    MeasureColumn,
    Question,
    QuestionResult,
    RateColumn,
    RatioColumn,
    Table,
    measure,
    measure_column,
    tally,
    tally_grid,
)

TITLE = _("Strategy effectiveness")
DEFINITION = _(
    "For each outreach strategy: the new families it brought in (file opened in the period), "
    "per hour of outreach recorded with it in the period; of these new families, those who "
    "have since become accompanied; and of the families first "
    "accompanied in the period, those still accompanied %(days)s days later (counted once "
    "that day has come). Outreach without a duration adds no hours."
)
DEFINITION_ACROSS = _(
    "The same for every organization, with only the families who gave the statistics "
    "consent: per outreach strategy, new families (file opened in the period) per hour of "
    "outreach, conversion from a file opened in the period to accompaniment, and families "
    "still accompanied %(days)s "
    "days after they first became accompanied. The strategies each organization added are "
    "counted together."
)


def compute(scope) -> QuestionResult:
    outreach_groups = outreach_by_strategy(scope)
    path_groups = paths_by_strategy(scope)
    used = {group["row"] for group in outreach_groups if group["activities"]}
    used |= {group["row"] for group in path_groups if group["opened"] or group["cohort"]}
    rows = strategy_rows(scope, used)
    keys = [key for key, _label in rows]
    groups = path_groups
    columns = ["opened", "converted", "cohort", "retained"]
    hours = measure_column(outreach_groups, "row", keys, "minutes", scale=1 / 60)
    table = Table(
        caption=_("New families, hours of outreach and paths, by strategy"),
        row_header=_("Outreach strategy"),
        row_labels=[str(label) for _key, label in rows],
        column_labels=[
            _("New families (file opened in the period)"),
            _("Of which became accompanied"),
            _("First accompanied in the period, %(days)s days passed") % {"days": RETENTION_DAYS},
            _("Of which still accompanied %(days)s days later") % {"days": RETENTION_DAYS},
        ],
        cells=tally_grid(groups, "row", keys, columns),
        measures=[MeasureColumn(_("Hours of outreach"), hours)],
        ratios=[RatioColumn(_("New families per hour"), numerator=0, measure=0)],
        rates=[
            RateColumn(_("Conversion to accompaniment"), numerator=1, denominator=0),
            RateColumn(_("Still accompanied"), numerator=3, denominator=2),
        ],
        row_totals=False,
    )
    opened, converted = tally(path_groups, "opened"), tally(path_groups, "converted")
    cohort, retained = tally(path_groups, "cohort"), tally(path_groups, "retained")
    indicators = [
        Indicator(
            _("New families per hour of outreach"),
            opened,
            kind=RATIO,
            per=measure(outreach_groups, "minutes", scale=1 / 60),
        ),
        Indicator(_("Conversion to accompaniment"), converted, kind=SHARE, of=opened),
        Indicator(
            _("Still accompanied %(days)s days later") % {"days": RETENTION_DAYS},
            retained,
            kind=SHARE,
            of=cohort,
        ),
    ]
    definition = DEFINITION_ACROSS if scope.across else DEFINITION
    return QuestionResult(
        number=3,
        title=TITLE,
        definition=definition % {"days": RETENTION_DAYS},
        indicators=indicators,
        tables=[table],
        chart=Chart(_("New families per hour of outreach, by strategy"), source=RATIO),
    )


QUESTION = Question(3, TITLE, compute)
