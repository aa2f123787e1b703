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

from django.db.models import Count, Exists, OuterRef, Q, Sum

from maillage.gaps.models import Cause
from maillage.gaps.services import COUNTED_STATUSES, STRUCTURAL_REASONS
from maillage.lib import referral_flow as flow
from maillage.referrals.models import ReferralEvent

from .interventions import ByOrganization
from .referrals import REFERRAL_ORGANIZATION

#: A gap's organization is its own field.
GAP_ORGANIZATION = "organization"


def needs_met_and_unmet(referrals) -> dict[str, dict[str, ByOrganization]]:
    """``{"met": ..., "unmet": ...}``, each ``{need: {organization id: referrals}}``: the
    referrals that ended in the service received, and those that ended not used or refused
    for a structural reason, by need, by organization. One grouped query.

    The reason is on the referral's "not used" or "refused" event, tested with an
    ``EXISTS`` that PostgreSQL evaluates only for the referrals with such an outcome (a
    join would read the events of every referral)."""
    structural_ending = Exists(
        ReferralEvent.objects.within(referral=OuterRef("pk")).filter(
            to_status__in=flow.REASON_REQUIRED,
            reason__in=[str(reason) for reason in STRUCTURAL_REASONS],
        )
    )
    rows = (
        referrals.order_by()
        .values(REFERRAL_ORGANIZATION, "need")
        .annotate(
            met=Count("pk", filter=Q(status=flow.RECEIVED)),
            unmet=Count("pk", filter=Q(status__in=flow.REASON_REQUIRED) & Q(structural_ending)),
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


def gap_tallies(
    gaps, family_counts: Q | None = None, *, include_added: bool = True
) -> dict[str, dict[str, ByOrganization]]:
    """The confirmed gaps, each ``{key: {organization id: count}}``:

    * ``"by_need"``: gaps by need;
    * ``"gaps"``: gaps by cause;
    * ``"families"``: families affected, by cause.

    Two queries. The first groups the gaps by organization, cause and need: the gaps by
    need and by cause are its sums, and so are the families the manager added by hand,
    which are a number on the gap, not records (left out with ``include_added=False``).
    The second counts, by organization and cause, the distinct families behind the gaps'
    referrals — only those meeting ``family_counts`` when given (a condition on
    ``referrals__family``: the statistics consent, ``Scope.family_counts``): a family
    behind two gaps of the same cause and organization counts once, so these cannot be
    summed from finer groups.
    """
    counted = counted_gaps(gaps).order_by()
    by_need: dict[str, ByOrganization] = {}
    by_cause: dict[str, ByOrganization] = {cause: {} for cause in Cause.values}
    families: dict[str, ByOrganization] = {cause: {} for cause in Cause.values}

    def add(of_key: ByOrganization, organization: int, count: int) -> None:
        if count:
            of_key[organization] = of_key.get(organization, 0) + count

    for row in counted.values(GAP_ORGANIZATION, "cause", "need").annotate(
        gaps=Count("pk"), added=Sum("families_added")
    ):
        organization = row[GAP_ORGANIZATION]
        add(by_need.setdefault(row["need"], {}), organization, row["gaps"])
        add(by_cause[row["cause"]], organization, row["gaps"])
        if include_added:
            add(families[row["cause"]], organization, row["added"] or 0)
    linked = counted.values(GAP_ORGANIZATION, "cause").annotate(
        linked=Count(
            "referrals__family",
            distinct=True,
            filter=family_counts if family_counts is not None else Q(),
        )
    )
    for row in linked:
        add(families[row["cause"]], row[GAP_ORGANIZATION], row["linked"])
    return {"by_need": by_need, "gaps": by_cause, "families": families}
