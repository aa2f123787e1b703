"""Question 5: what types of intervention does the worker do?

Contacts of the period: the types of intervention and the needs recorded on them, the time
spent with families and on the road. Also home of ``tally_of`` and ``measure_of``, which
questions 6 to 8 use to turn the indicators' ``{organization id: count}`` into tallies.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.accompaniment.models import ContactMode
from maillage.core.taxonomy import InterventionType, Need
from maillage.evaluation.indicators import interventions

from .base import (
    SHARE,
    Chart,
    Indicator,
    Measure,
    MeasureColumn,
    Question,
    QuestionResult,
    Table,
    Tally,
)

TITLE = _("Types of intervention")
DEFINITION = _(
    "Contacts dated in the period with the families counted: the types of intervention and the "
    "needs recorded on them, their minutes, and travel (minutes and kilometres, there and back); "
    "a contact with several types or needs counts under each, and outreach activities, "
    "collaborations and out-of-mandate requests are not counted."
)
SEVERAL_PER_CONTACT = _(
    "A contact can record several types or needs: it counts under each, so a column total can "
    "count a contact or a family more than once."
)


def tally_of(by_organization: Mapping[int, int]) -> Tally:
    """``{organization id: count}`` (organizations with 0 left out) as a ``Tally``."""
    counted = {org: count for org, count in by_organization.items() if count}
    return Tally(sum(counted.values()), frozenset(counted), tuple(sorted(counted.items())))


def measure_of(by_organization: Mapping[int, object], scale: float = 1.0) -> Measure:
    """``{organization id: quantity}`` as a ``Measure``; ``scale`` converts units."""
    counted = {org: float(value) * scale for org, value in by_organization.items() if value}
    return Measure(
        round(sum(counted.values()), 2), frozenset(counted), tuple(sorted(counted.items()))
    )


def _contacts_and_families(contacts_by_code, families_by_code, codes) -> list[list[Tally]]:
    return [[tally_of(contacts_by_code[code]), tally_of(families_by_code[code])] for code in codes]


def compute(scope) -> QuestionResult:
    """Two queries, whatever the number of contacts."""
    contacts = scope.contacts()
    tallies = interventions.contact_tallies(contacts)
    families = interventions.family_tallies(contacts)
    totals = tallies["totals"]
    by_mode = tallies["by_mode"]
    contact_minutes = tally_of(totals["contact_minutes"])
    travel_minutes = tally_of(totals["travel_minutes"])

    types = [InterventionType(code) for code in InterventionType.values]
    needs = [Need(code) for code in Need.values]
    modes = [ContactMode(code) for code in ContactMode.values]
    empty_mode = {measure: {} for measure in interventions.MODE_MEASURES}
    of_mode = [by_mode.get(mode.value, empty_mode) for mode in modes]
    count_columns = [gettext("Contacts"), gettext("Families")]
    return QuestionResult(
        number=5,
        title=str(TITLE),
        definition=str(DEFINITION),
        indicators=[
            Indicator(gettext("Contacts"), tally_of(totals["contacts"])),
            Indicator(
                gettext("Families with at least one contact"), tally_of(families["families"])
            ),
            Indicator(
                gettext("Share of the time with families spent travelling"),
                travel_minutes,
                kind=SHARE,
                of=contact_minutes + travel_minutes,
                help=gettext("Minutes of travel out of minutes of contact and travel together."),
            ),
        ],
        tables=[
            Table(
                caption=gettext("Contacts and families by type of intervention"),
                row_header=gettext("Type of intervention"),
                row_labels=[str(kind.label) for kind in types],
                column_labels=count_columns,
                cells=_contacts_and_families(
                    tallies["interventions"], families["interventions"], InterventionType.values
                ),
                row_totals=False,
                note=str(SEVERAL_PER_CONTACT),
            ),
            Table(
                caption=gettext("Contacts and families by need addressed"),
                row_header=gettext("Need addressed"),
                row_labels=[str(need.label) for need in needs],
                column_labels=count_columns,
                cells=_contacts_and_families(tallies["needs"], families["needs"], Need.values),
                row_totals=False,
                note=str(SEVERAL_PER_CONTACT),
            ),
            Table(
                caption=gettext("Time spent, by kind of contact"),
                row_header=gettext("Kind of contact"),
                row_labels=[str(mode.label) for mode in modes],
                column_labels=[gettext("Contacts")],
                row_totals=False,  # one column: the total would repeat it
                cells=[[tally_of(values["contacts"])] for values in of_mode],
                measures=[
                    MeasureColumn(
                        gettext("Hours of contact"),
                        [measure_of(values["contact_minutes"], 1 / 60) for values in of_mode],
                    ),
                    MeasureColumn(
                        gettext("Hours of travel"),
                        [measure_of(values["travel_minutes"], 1 / 60) for values in of_mode],
                    ),
                    MeasureColumn(
                        gettext("Kilometres"),
                        [measure_of(values["distance_km"]) for values in of_mode],
                    ),
                ],
            ),
        ],
        chart=Chart(gettext("Contacts by type of intervention"), table=0, column=0),
    )


QUESTION = Question(5, TITLE, compute)
