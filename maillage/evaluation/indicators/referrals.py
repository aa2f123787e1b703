"""Indicators of questions 6 (to which services are referrals made?) and 7 (do families use
the services they were referred to?).

Every function takes a queryset of ``Referral`` already scoped by the caller and computes in
the database, grouped by organization, so that each cell comes with the organizations that
contributed to it (``{organization id: count}``, organizations with 0 left out). The
headline numbers of question 7 (uptake, reasons for non-use, time to service) are those of
``maillage/referrals/indicators.py``; the grouped versions here give the same numbers split
by organization for the tables.

Choices:

* **Service category** is the needs taxonomy of the service (``Service.needs``, the HSDS
  taxonomy terms the directory keeps), not the need of the referral: the need says why the
  family was referred, the category what kind of service received it. A service tagged with
  two needs counts under both; a service without a tag is "not categorised"; a partner typed
  in has no service, so no category.
* **Partner** is the partner's name, whether it comes from the directory or was typed in, so
  "CLSC du Nord" typed once and chosen once in the directory is one partner.
* **Mandate**: a directory partner is local or regional; a partner typed in has no known
  mandate. The three rows add up to all referrals, and also answer "directory or typed in".
"""

from __future__ import annotations

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, TextField, Value
from django.db.models.functions import Coalesce, NullIf

from maillage.core.taxonomy import Need
from maillage.lib import referral_flow as flow
from maillage.partners.models import Mandate
from maillage.referrals.indicators import UPTAKE_OUTCOMES

from .interventions import ByOrganization

#: The organization a referral counts for (the family's, carried on the referral).
REFERRAL_ORGANIZATION = "organization_id"
#: The same, from a referral's event.
EVENT_ORGANIZATION = "referral__organization_id"
#: Row keys that are not codes of a list.
NOT_CATEGORISED = "not_categorised"
OUTSIDE_DIRECTORY = "outside_directory"
#: Everything ``outcomes`` counts: the three outcomes of uptake, withdrawn, and still open.
OUTCOME_KEYS = (*UPTAKE_OUTCOMES, flow.WITHDRAWN, "open")


def grouped_counts(queryset, key: str, organization: str = REFERRAL_ORGANIZATION, **annotations):
    """``{key value: {organization id: count}}`` from one grouped query."""
    rows = (
        queryset.order_by()
        .annotate(**annotations)
        .values(organization, key)
        .annotate(count=Count("pk"))
    )
    result: dict[str, ByOrganization] = {}
    for row in rows:
        result.setdefault(row[key], {})[row[organization]] = row["count"]
    return result


def by_partner(referrals) -> dict[str, ByOrganization]:
    """Referrals by partner name (directory or typed in), by organization."""
    return grouped_counts(
        referrals,
        "_partner",
        _partner=Coalesce(
            NullIf(F("partner_name"), Value("")),
            F("service__partner__name"),
            output_field=TextField(),
        ),
    )


def destinations(referrals) -> dict[str, dict[str, ByOrganization]]:
    """Referrals by need, by mandate and by service category, each ``{key: {organization
    id: referrals}}``. One query, grouped by organization, need and mandate, with a filtered
    count per category (``holds`` tests each need in the service's list):

    * ``"need"``: the need the referral answers (the taxonomy's codes);
    * ``"mandate"``: local and regional partners of the directory, and partners typed in
      (``OUTSIDE_DIRECTORY``);
    * ``"category"``: the needs taxonomy of the service; ``NOT_CATEGORISED`` (a service
      without a tag) and ``OUTSIDE_DIRECTORY`` (a partner typed in).
    """
    in_directory = Q(service__isnull=False)
    categories = {f"category_{index}": code for index, code in enumerate(Need.values)}
    categories |= {"untagged": NOT_CATEGORISED, "outside": OUTSIDE_DIRECTORY}
    rows = (
        referrals.order_by()
        .values(REFERRAL_ORGANIZATION, "need", "service__partner__mandate")
        .annotate(
            count=Count("pk"),
            **{
                f"category_{index}": Count(
                    "pk", filter=in_directory & Q(service__needs__holds=code)
                )
                for index, code in enumerate(Need.values)
            },
            untagged=Count("pk", filter=in_directory & Q(service__needs=[])),
            outside=Count("pk", filter=Q(service__isnull=True)),
        )
    )
    result: dict[str, dict[str, ByOrganization]] = {
        "need": {},
        "mandate": {mandate: {} for mandate in (*Mandate.values, OUTSIDE_DIRECTORY)},
        "category": {key: {} for key in categories.values()},
    }

    def add(of_key: ByOrganization, organization: int, count: int) -> None:
        if count:
            of_key[organization] = of_key.get(organization, 0) + count

    for row in rows:
        organization = row[REFERRAL_ORGANIZATION]
        add(result["need"].setdefault(row["need"], {}), organization, row["count"])
        mandate = row["service__partner__mandate"] or OUTSIDE_DIRECTORY
        add(result["mandate"][mandate], organization, row["count"])
        for column, key in categories.items():
            add(result["category"][key], organization, row[column])
    return result


def outcomes(referrals) -> dict:
    """Referrals by outcome, by organization, in one query grouped by organization,
    accompaniment and status:

    * ``"all"``: ``{key: {organization id: count}}`` for ``OUTCOME_KEYS`` — received, not
      used, refused, withdrawn — and still open (``"open"``);
    * ``True`` and ``False``: the three outcomes of uptake, for referrals where the worker
      accompanied the family (``True``) and where she did not.
    """
    open_statuses = set(flow.OPEN)
    rows = (
        referrals.order_by()
        .values(REFERRAL_ORGANIZATION, "accompanied", "status")
        .annotate(count=Count("pk"))
    )
    result: dict = {
        "all": {key: {} for key in OUTCOME_KEYS},
        True: {status: {} for status in UPTAKE_OUTCOMES},
        False: {status: {} for status in UPTAKE_OUTCOMES},
    }
    for row in rows:
        organization, status = row[REFERRAL_ORGANIZATION], row["status"]
        key = "open" if status in open_statuses else status
        if key in result["all"]:
            of_key = result["all"][key]
            of_key[organization] = of_key.get(organization, 0) + row["count"]
        if status in UPTAKE_OUTCOMES:
            result[row["accompanied"]][status][organization] = row["count"]
    return result


def reasons_by_organization(events) -> dict[str, ByOrganization]:
    """Referrals ended "not used" or "refused", by reason, by organization, from the
    ``events`` of the scope's referrals (``Scope.referral_events()``). Outcomes are final,
    so each referral has one such event and counts once. One query."""
    return grouped_counts(
        events.filter(to_status__in=flow.REASON_REQUIRED), "reason", organization=EVENT_ORGANIZATION
    )


#: Bands of days to service: (key, first day, last day or None for no end).
DAYS_TO_SERVICE_BANDS = (
    ("week", 0, 7),
    ("month", 8, 30),
    ("quarter", 31, 90),
    ("longer", 91, None),
)


def days_to_service(events) -> dict[int, dict[int, int]]:
    """Referrals whose service was received (from the ``events`` of the scope's referrals),
    by days from the referral to the service:
    ``{organization id: {days: referrals}}``. One grouped query; the bands of
    ``DAYS_TO_SERVICE_BANDS`` and the median come from it (``bands``, ``median``).

    The delay is the same date arithmetic as ``maillage.referrals.indicators.days_to_service``
    (dates on both ends, no time zone), so both databases agree.
    """
    delay = ExpressionWrapper(F("on") - F("referral__created_on"), output_field=DurationField())
    rows = (
        events.filter(to_status=flow.RECEIVED)
        .order_by()
        .annotate(_delay=delay)
        .values(EVENT_ORGANIZATION, "_delay")
        .annotate(count=Count("pk"))
    )
    result: dict[int, dict[int, int]] = {}
    for row in rows:
        of_organization = result.setdefault(row[EVENT_ORGANIZATION], {})
        days = row["_delay"].days
        of_organization[days] = of_organization.get(days, 0) + row["count"]
    return result


def bands(days_by_organization: dict[int, dict[int, int]]) -> dict[str, ByOrganization]:
    """``days_to_service`` by band of ``DAYS_TO_SERVICE_BANDS``: ``{band: {organization id:
    referrals}}``, organizations with 0 left out."""
    result: dict[str, ByOrganization] = {key: {} for key, _first, _last in DAYS_TO_SERVICE_BANDS}
    for organization, histogram in days_by_organization.items():
        for days, count in histogram.items():
            for key, first, last in DAYS_TO_SERVICE_BANDS:
                if days >= first and (last is None or days <= last):
                    result[key][organization] = result[key].get(organization, 0) + count
                    break
    return result


def median(days_by_organization: dict[int, dict[int, int]]) -> float | None:
    """The median days to service over every organization (``statistics.median`` of the
    list of days, from its histogram); ``None`` when no service was received."""
    histogram: dict[int, int] = {}
    for of_organization in days_by_organization.values():
        for days, count in of_organization.items():
            histogram[days] = histogram.get(days, 0) + count
    total = sum(histogram.values())
    if not total:
        return None
    # The values at ranks (total - 1) // 2 and total // 2 (0-based) of the sorted list.
    wanted = sorted({(total - 1) // 2, total // 2})
    found, seen = [], 0
    for days in sorted(histogram):
        seen += histogram[days]
        while wanted and wanted[0] < seen:
            found.append(days)
            wanted.pop(0)
    return found[0] if len(found) == 1 else (found[0] + found[1]) / 2
