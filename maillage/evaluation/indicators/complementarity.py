"""Indicators of question 8: is outreach complementary to existing services?

A need is *met by an existing service* when a referral for it ended in the service received.
It *hits a service gap* when a referral for it ended not used or refused for a structural
reason (transport, waiting time, eligibility, language, cost, schedule: the reasons that feed
the register of gaps, ``maillage.gaps.services.STRUCTURAL_REASONS``), and the register holds
the gaps the manager confirmed. Reasons about the family's own path (distrust, a change of
mind, missing documents...) count on neither side.

Each function takes querysets already scoped by the caller and computes in the database,
grouped by organization (``{organization id: count}``, organizations with 0 left out).
"""

from __future__ import annotations

from django.db.models import Count, FilteredRelation, Q, Sum

from maillage.gaps.models import Cause
from maillage.gaps.services import COUNTED_STATUSES, STRUCTURAL_REASONS
from maillage.lib import referral_flow as flow

from .interventions import ByOrganization
from .referrals import REFERRAL_ORGANIZATION, grouped_counts

#: A gap's organization is its own field.
GAP_ORGANIZATION = "organization"


def needs_met_and_unmet(referrals) -> dict[str, dict[str, ByOrganization]]:
    """``{"met": ..., "unmet": ...}``, each ``{need: {organization id: referrals}}``: the
    referrals that ended in the service received, and those that ended not used or refused
    for a structural reason, by need, by organization. One grouped query.

    The reason is on the referral's "not used" or "refused" event, joined as a filtered
    relation: outcomes are final, so a referral has at most one such event and the join
    never counts a referral twice."""
    rows = (
        referrals.order_by()
        .annotate(
            ending=FilteredRelation(
                "events", condition=Q(events__to_status__in=flow.REASON_REQUIRED)
            )
        )
        .values(REFERRAL_ORGANIZATION, "need")
        .annotate(
            met=Count("pk", filter=Q(status=flow.RECEIVED)),
            unmet=Count(
                "pk",
                filter=Q(
                    status__in=flow.REASON_REQUIRED,
                    ending__reason__in=[str(reason) for reason in STRUCTURAL_REASONS],
                ),
            ),
        )
    )
    result: dict[str, dict[str, ByOrganization]] = {"met": {}, "unmet": {}}
    for row in rows:
        for key in result:
            if row[key]:
                result[key].setdefault(row["need"], {})[row[REFERRAL_ORGANIZATION]] = row[key]
    return result


def counted_gaps(gaps):
    """The gaps that speak for the organization: confirmed (or since resolved), not merged
    into another (its referrals and families count there)."""
    return gaps.filter(status__in=COUNTED_STATUSES, merged_into__isnull=True)


def confirmed_gaps_by_need(gaps) -> dict[str, ByOrganization]:
    """Confirmed gaps by need, by organization."""
    return grouped_counts(counted_gaps(gaps), "need", organization=GAP_ORGANIZATION)


def gaps_by_cause(
    gaps, family_counts: Q | None = None, *, include_added: bool = True
) -> dict[str, dict[str, ByOrganization]]:
    """Confirmed gaps by cause: ``{"gaps": ..., "families": ...}``, each ``{cause: {organization
    id: count}}``. Two queries.

    Families affected are the distinct families behind the gaps' referrals — only those
    meeting ``family_counts`` when given (a condition on ``referrals__family``: the
    statistics consent, ``Scope.family_counts``) — plus the families
    the manager added by hand, which are a number, not records. A family behind two gaps of
    the same cause and organization counts once. The hand-added numbers are summed in a
    query of their own (summed over the join with referrals, they would be counted once per
    referral), and left out with ``include_added=False``.
    """
    counted = counted_gaps(gaps).order_by()
    referral_filter = family_counts if family_counts is not None else Q()
    linked = counted.values(GAP_ORGANIZATION, "cause").annotate(
        gaps=Count("pk", distinct=True),
        linked=Count("referrals__family", distinct=True, filter=referral_filter),
    )
    added = counted.values(GAP_ORGANIZATION, "cause").annotate(added=Sum("families_added"))
    result = {
        "gaps": {cause: {} for cause in Cause.values},
        "families": {cause: {} for cause in Cause.values},
    }
    for row in linked:
        result["gaps"][row["cause"]][row[GAP_ORGANIZATION]] = row["gaps"]
        if row["linked"]:
            result["families"][row["cause"]][row[GAP_ORGANIZATION]] = row["linked"]
    for row in added if include_added else ():
        if row["added"]:
            families_of = result["families"][row["cause"]]
            families_of[row[GAP_ORGANIZATION]] = (
                families_of.get(row[GAP_ORGANIZATION], 0) + row["added"]
            )
    return result
