"""Question 1: does the clientele reached match the clientele targeted?"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..indicators.target import CRITERIA, reach_by_organization
from .base import SHARE, Chart, Indicator, Question, QuestionResult, RateColumn, Table, Tally, tally

TITLE = _("Reached vs targeted")
DEFINITION = _(
    "Families reached in the period — their file was opened, or they had at least one "
    "contact, during the period — and, of them, those who meet the target clientele in "
    "force on the period's last day, criterion by criterion. Families met during outreach "
    "without a file are not counted, nor families of an organization without a target "
    "clientele in the columns about the target."
)
DEFINITION_ACROSS = _(
    "Families reached in the period — their file was opened, or they had at least one "
    "contact, during the period — with the statistics consent, and, of them, those who meet "
    "their organization's target clientele in force on the period's last day, criterion by "
    "criterion. Families without the statistics consent, and families met during outreach "
    "without a file, are not counted."
)


def compute(scope) -> QuestionResult:
    definitions = scope.target_definitions
    groups = reach_by_organization(scope, definitions)
    with_target = [group for group in groups if group["organization_id"] in definitions]
    estimates = {
        organization: definition.estimated_population
        for organization, definition in definitions.items()
        if definition.estimated_population
    }
    reached = tally(groups, "reached")
    meeting = tally(groups, "meeting")
    estimated = Tally(
        sum(estimates.values()), frozenset(estimates), tuple(sorted(estimates.items()))
    )
    # Reach compares the target families reached with the estimate of the same
    # organizations only: an organization without an estimate would inflate it.
    meeting_estimated = tally(
        [group for group in groups if group["organization_id"] in estimates], "meeting"
    )
    indicators = [
        Indicator(_("Families reached"), reached),
        Indicator(_("Of which meeting the target clientele"), meeting),
        Indicator(
            _("Share of the families reached who meet the target clientele"),
            meeting,
            kind=SHARE,
            of=tally(with_target, "reached"),
        ),
        Indicator(
            _("Estimated number of target families on the territory"),
            estimated,
            help=_("The sum of the estimates recorded with the target clienteles."),
        ),
        Indicator(
            _("Reach: target families reached, as a share of the estimate"),
            meeting_estimated,
            kind=SHARE,
            of=estimated,
        ),
    ]
    row_keys = [key for key in CRITERIA if any(key in group for group in groups)]
    rows, cells = [], []
    for key in row_keys:
        using = [group for group in groups if key in group]
        rows.append(str(CRITERIA[key]))
        cells.append([tally(using, "reached"), tally(using, key)])
    if definitions:
        rows.append(str(_("Every criterion (the target clientele)")))
        cells.append([tally(with_target, "reached"), meeting])
    table = Table(
        caption=_("Families reached who meet each criterion of the target clientele"),
        row_header=_("Criterion"),
        row_labels=rows,
        column_labels=[
            _("Families reached (organizations using the criterion)"),
            _("Meeting the criterion"),
        ],
        cells=cells,
        rates=[RateColumn(_("Share meeting the criterion"), numerator=1, denominator=0)],
        row_totals=False,
        column_totals=False,
    )
    notes = []
    if not definitions:
        notes.append(
            _("No target clientele is in force on the period's last day: define one to compare.")
        )
    return QuestionResult(
        number=1,
        title=TITLE,
        definition=DEFINITION_ACROSS if scope.across else DEFINITION,
        indicators=indicators,
        tables=[table] if rows else [],
        chart=Chart(_("Share of the families reached who meet each criterion"), source=SHARE)
        if rows
        else None,
        notes=notes,
    )


QUESTION = Question(1, TITLE, compute)
