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

from datetime import timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce, NullIf

from maillage.core.taxonomy import Need
from maillage.lib import referral_flow as flow
from maillage.partners.models import Mandate
from maillage.referrals.indicators import UPTAKE_OUTCOMES
from maillage.referrals.models import ReferralEvent

from .interventions import ByOrganization, json_codes_counts

#: The path from a referral to the organization it counts for.
REFERRAL_ORGANIZATION = "family__organization"
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


def by_need(referrals) -> dict[str, ByOrganization]:
    """Referrals by the need they answer (the taxonomy's codes), by organization."""
    return grouped_counts(referrals, "need")


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


def by_service_category(referrals) -> dict[str, ByOrganization]:
    """Referrals by the needs taxonomy of their service, by organization; plus
    ``NOT_CATEGORISED`` (a service without a tag) and ``OUTSIDE_DIRECTORY`` (a partner typed
    in). Two queries."""
    in_directory = referrals.filter(service__isnull=False)
    result = json_codes_counts(
        in_directory, "service__needs", Need.values, organization=REFERRAL_ORGANIZATION
    )
    rows = (
        referrals.order_by()
        .annotate(_tags=Cast("service__needs", output_field=TextField()))
        .values(REFERRAL_ORGANIZATION)
        .annotate(
            untagged=Count("pk", filter=Q(service__isnull=False, _tags="[]")),
            outside=Count("pk", filter=Q(service__isnull=True)),
        )
    )
    result[NOT_CATEGORISED] = {}
    result[OUTSIDE_DIRECTORY] = {}
    for row in rows:
        organization = row[REFERRAL_ORGANIZATION]
        if row["untagged"]:
            result[NOT_CATEGORISED][organization] = row["untagged"]
        if row["outside"]:
            result[OUTSIDE_DIRECTORY][organization] = row["outside"]
    return result


def by_mandate(referrals) -> dict[str, ByOrganization]:
    """Referrals to local and regional partners of the directory, and to partners typed in
    (``OUTSIDE_DIRECTORY``), by organization."""
    grouped = grouped_counts(referrals, "service__partner__mandate")
    result = {mandate: grouped.get(mandate, {}) for mandate in Mandate.values}
    result[OUTSIDE_DIRECTORY] = grouped.get(None, {})
    return result


def outcomes(referrals) -> dict[str, ByOrganization]:
    """Referrals by outcome — received, not used, refused, withdrawn — and still open
    (``"open"``), by organization. One query."""
    open_statuses = sorted(flow.OPEN)
    rows = (
        referrals.order_by()
        .values(REFERRAL_ORGANIZATION)
        .annotate(
            **{status: Count("pk", filter=Q(status=status)) for status in OUTCOME_KEYS[:-1]},
            open=Count("pk", filter=Q(status__in=open_statuses)),
        )
    )
    result: dict[str, ByOrganization] = {key: {} for key in OUTCOME_KEYS}
    for row in rows:
        for key in OUTCOME_KEYS:
            if row[key]:
                result[key][row[REFERRAL_ORGANIZATION]] = row[key]
    return result


def uptake_by_accompaniment(referrals) -> dict[bool, dict[str, ByOrganization]]:
    """The three outcomes of uptake, for referrals where the worker accompanied the family
    (``True``) and where she did not (``False``), by organization. One query."""
    rows = (
        referrals.order_by()
        .filter(status__in=UPTAKE_OUTCOMES)
        .values(REFERRAL_ORGANIZATION, "accompanied", "status")
        .annotate(count=Count("pk"))
    )
    result = {flag: {status: {} for status in UPTAKE_OUTCOMES} for flag in (True, False)}
    for row in rows:
        result[row["accompanied"]][row["status"]][row[REFERRAL_ORGANIZATION]] = row["count"]
    return result


def reasons_by_organization(referrals) -> dict[str, ByOrganization]:
    """Referrals ended "not used" or "refused", by reason, by organization. Outcomes are
    final, so each referral has one such event and counts once. One query."""
    return grouped_counts(
        ReferralEvent.objects.filter(referral__in=referrals, to_status__in=flow.REASON_REQUIRED),
        "reason",
        organization="referral__family__organization",
    )


#: Bands of days to service: (key, first day, last day or None for no end).
DAYS_TO_SERVICE_BANDS = (
    ("week", 0, 7),
    ("month", 8, 30),
    ("quarter", 31, 90),
    ("longer", 91, None),
)


def days_to_service_bands(referrals) -> dict[str, ByOrganization]:
    """Referrals whose service was received, by band of days from the referral to the service
    (``DAYS_TO_SERVICE_BANDS``), by organization. One query.

    The delay is the same date arithmetic as ``maillage.referrals.indicators.days_to_service``
    (dates on both ends, no time zone), compared with whole days, so both databases agree.
    """
    delay = ExpressionWrapper(F("on") - F("referral__created_on"), output_field=DurationField())
    bands = {}
    for key, first, last in DAYS_TO_SERVICE_BANDS:
        condition = Q(_delay__gte=timedelta(days=first))
        if last is not None:
            condition &= Q(_delay__lte=timedelta(days=last))
        bands[key] = Count("pk", filter=condition)
    organization = "referral__family__organization"
    rows = (
        ReferralEvent.objects.filter(referral__in=referrals, to_status=flow.RECEIVED)
        .order_by()
        .annotate(_delay=delay)
        .values(organization)
        .annotate(**bands)
    )
    result: dict[str, ByOrganization] = {key: {} for key, _first, _last in DAYS_TO_SERVICE_BANDS}
    for row in rows:
        for key in result:
            if row[key]:
                result[key][row[organization]] = row[key]
    return result
