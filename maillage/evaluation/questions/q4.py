"""Question 4: should other strategies be added?

Three tables: the doors families came in through (entry points); the outreach done under
"other" or under strategies the organizations added themselves (what recurs there is a
candidate for a new strategy); and the profiles of target families that no strategy
reaches well — for each profile, the families reached through the strategy that reaches
most of them. A profile whose best strategy brings fewer than five families is named in a
note.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maillage.families.models import EntryPoint

from ..indicators.strategies import (
    NOT_RECORDED,
    entry_point_rows,
    entry_points_and_profiles,
    other_strategies,
    other_strategy_rows,
    profiles,
    regroup,
)
from ..indicators.target import any_target_q
from .base import (
    SHARE,
    Chart,
    Indicator,
    Question,
    QuestionResult,
    RateColumn,
    Table,
    Tally,
    tally,
    tally_grid,
)

TITLE = _("Strategies to add")
DEFINITION = _(
    "Families reached in the period by who opened the door, and the share meeting the "
    "target clientele; the outreach recorded under “other” or under strategies the "
    "organization added (activities in the period, and families reached in the period "
    "through them); and, among families reached who meet the target clientele, each profile "
    "with the families the best strategy for it brought in. A profile counts a family once "
    "per characteristic it has."
)
DEFINITION_ACROSS = _(
    "The same for every organization, with only the families who gave the statistics "
    "consent: entry points, outreach under “other” or under strategies the organizations "
    "added (by name; a name used by fewer than three organizations is rolled up), and the "
    "profiles of target families with the families the best strategy for each brought in."
)
#: A profile whose best strategy brought in fewer families than this is "not reached well".
WELL_REACHED = 5


def compute(scope) -> QuestionResult:
    definitions = scope.target_definitions
    target = any_target_q(definitions, scope.period.end) if definitions else None
    entry_groups, profile_groups = entry_points_and_profiles(scope, target)
    entry_rows = entry_point_rows({group["row"] for group in entry_groups if group["reached"]})
    entry_table = Table(
        caption=_("Families reached by who opened the door"),
        row_header=_("Who opened the door"),
        row_labels=[str(label) for _key, label in entry_rows],
        column_labels=[_("Families reached"), _("Meeting the target clientele")],
        cells=tally_grid(
            entry_groups, "row", [key for key, _l in entry_rows], ["reached", "meeting"]
        ),
        rates=[RateColumn(_("Share meeting the target"), numerator=1, denominator=0)],
        row_totals=False,
    )
    other_groups = other_strategies(scope)
    other_rows = other_strategy_rows(other_groups)
    other_table = Table(
        caption=_("Outreach under “other” and under the organizations' own strategies"),
        row_header=_("Strategy"),
        row_labels=[str(label) for _key, label in other_rows],
        column_labels=[_("Outreach activities"), _("Families reached")],
        cells=tally_grid(
            other_groups, "row", [key for key, _l in other_rows], ["activities", "families"]
        ),
        row_totals=False,
        note=_("Names are grouped whatever their capitals."),
    )
    tables = [entry_table, other_table]
    reached = tally(entry_groups, "reached")
    not_parent = [
        group for group in entry_groups if group["row"] not in (EntryPoint.PARENT, NOT_RECORDED)
    ]
    indicators = [
        Indicator(_("Families reached"), reached),
        Indicator(
            _("Share whose door was opened by someone other than a parent"),
            tally(not_parent, "reached"),
            kind=SHARE,
            of=reached,
        ),
        Indicator(
            _("Share reached through “other” or the organization's own strategies"),
            tally(other_groups, "families"),
            kind=SHARE,
            of=reached,
        ),
    ]
    notes = []
    if definitions:
        profile_table, poorly = _profiles_table(scope, profile_groups)
        tables.append(profile_table)
        if poorly:
            notes.append(
                _(
                    "No strategy brought in at least %(count)s families of these profiles: "
                    "%(profiles)s."
                )
                % {"count": WELL_REACHED, "profiles": ", ".join(poorly)}
            )
    else:
        notes.append(
            _("No target clientele is in force on the period's last day: define one to compare.")
        )
    return QuestionResult(
        number=4,
        title=TITLE,
        definition=DEFINITION_ACROSS if scope.across else DEFINITION,
        indicators=indicators,
        tables=tables,
        chart=Chart(_("Families reached, by who opened the door")),
        notes=notes,
    )


def _profiles_table(scope, groups):
    """Per profile: target families reached with it, and those the best strategy for it
    brought in (the strategy with the most such families; contributors are its own)."""
    entries = profiles()
    columns = [f"p{index}" for index in range(len(entries))]
    by_strategy = regroup(groups, lambda group: group["row"], columns)
    strategies = sorted({group["row"] for group in by_strategy}, key=str)
    totals = tally_grid([group | {"all": "all"} for group in by_strategy], "all", ["all"], columns)[
        0
    ]
    per_strategy = tally_grid(by_strategy, "row", strategies, columns)
    cells, labels, poorly = [], [], []
    for index, (_key, label, _value) in enumerate(entries):
        best = max(
            (row[index] for row in per_strategy), key=lambda cell: cell.count, default=Tally()
        )
        labels.append(str(label))
        cells.append([totals[index], best])
        # Across organizations the note would say that a count is from 1 to 4, which the
        # table hides: it is for an organization's own numbers only.
        if totals[index].count and best.count < WELL_REACHED and not scope.across:
            poorly.append(str(label))
    table = Table(
        caption=_("Profiles of the target families reached, and the best strategy for each"),
        row_header=_("Profile"),
        row_labels=labels,
        column_labels=[
            _("Target families reached with this profile"),
            _("Brought in by the strategy that reaches most of them"),
        ],
        cells=cells,
        rates=[RateColumn(_("Share of the best strategy"), numerator=1, denominator=0)],
        row_totals=False,
        column_totals=False,
    )
    return table, poorly


QUESTION = Question(4, TITLE, compute)
