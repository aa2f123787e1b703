"""Indicators of question 5: what types of intervention does the worker do?

Every function takes a queryset of ``Contact`` already scoped by the caller (the
organizations, the period, the families with the statistics consent) and computes in the
database, whatever the number of contacts: **two queries for the whole question**, one over
the contacts grouped by organization and mode (counts, minutes, travel, kilometres, and the
contacts holding each type of intervention and each need), one over the families (how many
distinct families had a contact, had each type, had each need). Results are split by
organization (``{organization id: value}``, organizations with 0 left out) so that the
caller can publish each cell with the organizations that contributed to it.

``Contact.interventions`` and ``Contact.needs`` are JSON lists of codes; the contact keeps
them as bits too (``interventions_bits``, ``needs_bits``: ``maillage.core.taxonomy``), and
``hasbit`` (``maillage/core/lookups.py``) tests a code with one integer operation on either
database. One filtered ``Count`` per known code gives a whole distribution in the same pass
over the contacts (the alternatives tried are in ``docs/benchmarks.md``).
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Q, Sum

from maillage.core.aggregates import BitOr
from maillage.core.taxonomy import INTERVENTION_BITS, NEED_BITS, InterventionType, Need

#: The organization a contact counts for (the family's, carried on the contact).
CONTACT_ORGANIZATION = "organization_id"
#: The JSON lists counted, and their codes, in this order.
LISTS = (("interventions", InterventionType), ("needs", Need))
#: Each list's bits on the contact.
BITS = {"interventions": INTERVENTION_BITS, "needs": NEED_BITS}


def holding(field: str, code: str) -> Q:
    """Contacts whose list ``field`` holds ``code`` (through its bits)."""
    return Q(**{f"{field}_bits__hasbit": BITS[field][code]})


ByOrganization = dict[int, int]

#: What ``contact_tallies`` sums by mode, in this order.
MODE_MEASURES = ("contacts", "contact_minutes", "travel_minutes", "distance_km")


def _code_columns(prefix: str):
    """(column name, list field, code) for every code of every list."""
    return [
        (f"{prefix}_{field}_{index}", field, code)
        for field, codes in LISTS
        for index, code in enumerate(codes.values)
    ]


def _by_code(columns, rows, organization: str) -> dict[str, dict[str, ByOrganization]]:
    """``{list field: {code: {organization id: count}}}`` from rows holding ``columns``."""
    result = {field: {code: {} for code in codes.values} for field, codes in LISTS}
    for row in rows:
        for column, field, code in columns:
            if row[column]:
                of_code = result[field][code]
                of_code[row[organization]] = of_code.get(row[organization], 0) + row[column]
    return result


def contact_tallies(contacts) -> dict:
    """One grouped query over the contacts, by organization and mode:

    * ``"by_mode"``: ``{mode: {measure: {organization id: value}}}`` for ``MODE_MEASURES``;
    * ``"totals"``: the same measures over every mode, ``{measure: {organization: value}}``;
    * ``"interventions"`` and ``"needs"``: ``{code: {organization id: contacts}}``, the
      contacts that included each type of intervention, that addressed each need (a contact
      with two types counts under both).
    """
    columns = _code_columns("n")
    rows = (
        contacts.order_by()
        .values(CONTACT_ORGANIZATION, "mode")
        .annotate(
            contacts=Count("pk"),
            contact_minutes=Sum("duration_minutes"),
            travel_minutes=Sum("travel_minutes"),
            distance_km=Sum("distance_km"),
            **{column: Count("pk", filter=holding(field, code)) for column, field, code in columns},
        )
    )
    rows = list(rows)
    by_mode: dict[str, dict[str, dict]] = {}
    totals: dict[str, dict] = {measure: {} for measure in MODE_MEASURES}
    for row in rows:
        organization = row[CONTACT_ORGANIZATION]
        of_mode = by_mode.setdefault(row["mode"], {measure: {} for measure in MODE_MEASURES})
        for measure in MODE_MEASURES:
            if row[measure]:
                of_mode[measure][organization] = row[measure]
                totals[measure][organization] = totals[measure].get(organization, 0) + row[measure]
    return {"by_mode": by_mode, "totals": totals, **_by_code(columns, rows, CONTACT_ORGANIZATION)}


def family_tallies(contacts) -> dict:
    """Distinct families, by organization: ``"families"`` (``{organization id: families}``
    with at least one of ``contacts``), and ``"interventions"`` / ``"needs"`` (``{code:
    {organization id: families}}``, the families that received each type of intervention,
    for whom each need was addressed). One query.

    The contacts are first grouped by family, each family's bits OR-ed together
    (``BitOr``: two integers hold every code of its contacts), then those rows by
    organization, testing each code's bit. The ORM writes the inner, scoped query; the
    outer ``GROUP BY`` over it is the only SQL written here, since Django cannot select
    from a subquery. ``BIT_OR`` reads the contacts once, where a ``COUNT(DISTINCT family)``
    per code would sort them once per code.
    """
    columns = _code_columns("f")
    per_family = (
        contacts.order_by()
        .values(CONTACT_ORGANIZATION, "family")
        .annotate(**{f"bits_{field}": BitOr(f"{field}_bits") for field, _codes in LISTS})
    )
    connection = connections[per_family.db]
    quote = connection.ops.quote_name
    try:
        inner, params = per_family.query.sql_with_params()
    except EmptyResultSet:  # a scope of no organization (a milieu nobody is in): no family
        return {"families": {}, **_by_code(columns, [], CONTACT_ORGANIZATION)}
    names = [CONTACT_ORGANIZATION, "families", *(column for column, _field, _code in columns)]
    # Each code's mask is an integer of ``maillage.core.taxonomy``, written as a literal.
    sums = ", ".join(
        f"SUM(CASE WHEN ({quote(f'bits_{field}')} & {int(1 << BITS[field][code])}) <> 0 "
        "THEN 1 ELSE 0 END)"
        for _column, field, code in columns
    )
    # Only names of this module, integers and the ORM's own SQL are in the text; values
    # are parameters.
    sql = (
        f"SELECT {quote(CONTACT_ORGANIZATION)}, COUNT(*), {sums} "  # noqa: S608  # nosec B608
        f"FROM ({inner}) per_family GROUP BY {quote(CONTACT_ORGANIZATION)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    families = {row[CONTACT_ORGANIZATION]: row["families"] for row in rows if row["families"]}
    return {"families": families, **_by_code(columns, rows, CONTACT_ORGANIZATION)}
