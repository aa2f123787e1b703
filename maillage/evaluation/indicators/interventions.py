"""Indicators of question 5: what types of intervention does the worker do?

Every function takes a queryset of ``Contact`` already scoped by the caller (the
organizations, the period, the families with the statistics consent) and computes in the
database: one grouped query per function, one row per organization, whatever the number of
contacts. Results are split by organization (``{organization id: value}``) so that the
caller can publish each cell with the organizations that contributed to it.

Counting inside a JSON list
---------------------------
``Contact.interventions`` and ``Contact.needs`` are JSON lists of codes. Django's
``__contains`` on a JSON field is PostgreSQL-only (``@>``; SQLite raises
``NotSupportedError``), so each list is cast to its text form and searched for the code
*with its quotes*: ``'"listening"'``. Both databases print a list of strings the same way
(``["listening", "information"]``: jsonb on PostgreSQL, ``json.dumps`` text on SQLite), the
quotes keep ``"other"`` from matching inside a longer code, and the codes are lowercase
ASCII, so no escaping or case folding can make them differ. One filtered ``Count`` per
known code gives the whole distribution in one query on both databases.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum, TextField
from django.db.models.functions import Cast

from maillage.core.taxonomy import InterventionType, Need

#: The path from a contact to the organization it counts for.
CONTACT_ORGANIZATION = "family__organization"

ByOrganization = dict[int, int]


def json_codes_counts(
    queryset, field: str, codes, *, organization: str, distinct: str | None = None
) -> dict[str, ByOrganization]:
    """For each code of ``codes``: how many rows of ``queryset`` (or distinct ``distinct``
    values) hold it in the JSON list ``field``, by organization. One query.

    Codes counted nowhere map to ``{}``; organizations with a count of 0 are left out, so
    the keys of each dict are exactly the organizations that contributed to that cell.
    """
    codes = list(codes)
    text = "_codes_text"
    aggregates = {
        f"code_{index}": Count(
            distinct or "pk",
            distinct=distinct is not None,
            filter=Q(**{f"{text}__contains": f'"{code}"'}),
        )
        for index, code in enumerate(codes)
    }
    rows = (
        queryset.order_by()
        .annotate(**{text: Cast(field, output_field=TextField())})
        .values(organization)
        .annotate(**aggregates)
    )
    result: dict[str, ByOrganization] = {code: {} for code in codes}
    for row in rows:
        for index, code in enumerate(codes):
            if row[f"code_{index}"]:
                result[code][row[organization]] = row[f"code_{index}"]
    return result


def interventions_by_type(contacts) -> dict[str, ByOrganization]:
    """Contacts that included each type of intervention (a contact with two types counts
    under both), by organization."""
    return json_codes_counts(
        contacts, "interventions", InterventionType.values, organization=CONTACT_ORGANIZATION
    )


def families_by_intervention_type(contacts) -> dict[str, ByOrganization]:
    """Distinct families that received each type of intervention, by organization."""
    return json_codes_counts(
        contacts,
        "interventions",
        InterventionType.values,
        organization=CONTACT_ORGANIZATION,
        distinct="family",
    )


def needs_addressed(contacts) -> dict[str, ByOrganization]:
    """Contacts that addressed each need, by organization."""
    return json_codes_counts(contacts, "needs", Need.values, organization=CONTACT_ORGANIZATION)


def families_by_need_addressed(contacts) -> dict[str, ByOrganization]:
    """Distinct families for whom each need was addressed in a contact, by organization."""
    return json_codes_counts(
        contacts, "needs", Need.values, organization=CONTACT_ORGANIZATION, distinct="family"
    )


#: What ``time_spent`` sums, in this order.
TIME_MEASURES = ("contacts", "families", "contact_minutes", "travel_minutes", "distance_km")


def time_spent(contacts) -> dict[str, dict[int, int | Decimal]]:
    """Contacts, distinct families, minutes of contact, minutes of travel and kilometres,
    by organization. One query."""
    rows = (
        contacts.order_by()
        .values(CONTACT_ORGANIZATION)
        .annotate(
            contacts=Count("pk"),
            families=Count("family", distinct=True),
            contact_minutes=Sum("duration_minutes"),
            travel_minutes=Sum("travel_minutes"),
            distance_km=Sum("distance_km"),
        )
    )
    result: dict[str, dict[int, int | Decimal]] = {measure: {} for measure in TIME_MEASURES}
    for row in rows:
        for measure in TIME_MEASURES:
            if row[measure]:
                result[measure][row[CONTACT_ORGANIZATION]] = row[measure]
    return result


def travel_share(contact_minutes: int, travel_minutes: int) -> float | None:
    """travel / (contact + travel): the part of the time with families spent on the road.
    ``None`` when no time at all was recorded (a share of nothing is not 0 %)."""
    total = contact_minutes + travel_minutes
    return travel_minutes / total if total else None


#: What ``time_by_mode`` sums, in this order.
MODE_MEASURES = ("contacts", "contact_minutes", "travel_minutes", "distance_km")


def time_by_mode(contacts) -> dict[str, dict[str, dict[int, int | Decimal]]]:
    """Contacts, minutes of contact, minutes of travel and kilometres by contact mode:
    ``{mode: {measure: {organization id: value}}}``. One query."""
    rows = (
        contacts.order_by()
        .values(CONTACT_ORGANIZATION, "mode")
        .annotate(
            contacts=Count("pk"),
            contact_minutes=Sum("duration_minutes"),
            travel_minutes=Sum("travel_minutes"),
            distance_km=Sum("distance_km"),
        )
    )
    result: dict[str, dict[str, dict[int, int | Decimal]]] = {}
    for row in rows:
        of_mode = result.setdefault(row["mode"], {measure: {} for measure in MODE_MEASURES})
        for measure in MODE_MEASURES:
            if row[measure]:
                of_mode[measure][row[CONTACT_ORGANIZATION]] = row[measure]
    return result
