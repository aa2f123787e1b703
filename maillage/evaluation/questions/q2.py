"""Question 2: do the outreach strategies reach the targeted clientele?"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..indicators.strategies import families_by_strategy, strategy_rows
from ..indicators.target import any_target_q
from .base import (
    SHARE,
    Chart,
    Indicator,
    Question,
    QuestionResult,
    RateColumn,
    Table,
    tally,
    tally_grid,
)

TITLE = _("Strategies vs target")
DEFINITION = _(
    "For each outreach strategy, the families reached in the period (file opened or a "
    "contact during the period) that it brought in — the strategy recorded as the family's "
    "origin — and the share of them who meet the target clientele in force on the period's "
    "last day. A family counts once, under the strategy that first reached it."
)
DEFINITION_ACROSS = _(
    "For each outreach strategy, the families reached in the period with the statistics "
    "consent that it brought in, and the share of them who meet their organization's target "
    "clientele in force on the period's last day; organizations without one are left out. "
    "The strategies each organization added are counted together."
)


def compute(scope) -> QuestionResult:
    definitions = scope.target_definitions
    target = any_target_q(definitions, scope.period.end) if definitions else None
    groups = families_by_strategy(scope, target)
    if definitions:
        # Shares compare like with like: organizations without a target clientele in
        # force are left out (inside one organization: all or nothing).
        groups = [group for group in groups if group["organization_id"] in definitions]
    rows = strategy_rows(scope, {group["row"] for group in groups if group["reached"]})
    table = Table(
        caption=_("Families reached by outreach strategy, and those meeting the target"),
        row_header=_("Outreach strategy"),
        row_labels=[str(label) for _key, label in rows],
        column_labels=[_("Families reached"), _("Meeting the target clientele")],
        cells=tally_grid(groups, "row", [key for key, _label in rows], ["reached", "meeting"]),
        rates=[RateColumn(_("Share meeting the target"), numerator=1, denominator=0)],
        row_totals=False,
    )
    reached, meeting = tally(groups, "reached"), tally(groups, "meeting")
    indicators = [Indicator(_("Families reached"), reached)]
    if definitions:
        indicators.append(
            Indicator(_("Share meeting the target clientele"), meeting, kind=SHARE, of=reached)
        )
    notes = []
    if not definitions:
        notes.append(
            _("No target clientele is in force on the period's last day: define one to compare.")
        )
    return QuestionResult(
        number=2,
        title=TITLE,
        definition=DEFINITION_ACROSS if scope.across else DEFINITION,
        indicators=indicators,
        tables=[table],
        chart=Chart(
            _("Share of the families reached who meet the target, by strategy"), source=SHARE
        )
        if definitions
        else Chart(_("Families reached, by strategy")),
        notes=notes,
    )


QUESTION = Question(2, TITLE, compute)
