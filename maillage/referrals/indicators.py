"""Indicators of the referral loop, for the evaluation (question 7: do families use the
services they were referred to?).

Each takes a queryset of ``Referral`` (already scoped by the caller: one organization, a
period, a milieu...) and computes in the database with ORM aggregates; only the final
division or median happens in Python, on integers, so SQLite and PostgreSQL agree.
"""

from __future__ import annotations

import statistics

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q

from maillage.lib import referral_flow as flow

from .models import ReferralEvent

#: The outcomes that say whether the family got the service. "Withdrawn" is left out (the
#: referral stopped applying: need met otherwise, family moved), and so are open referrals
#: (no outcome yet).
UPTAKE_OUTCOMES = (flow.RECEIVED, flow.NOT_USED, flow.REFUSED)


def outcome_counts(referrals) -> dict[str, int]:
    """How many referrals ended in each outcome of ``UPTAKE_OUTCOMES``, in one query."""
    return referrals.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in UPTAKE_OUTCOMES}
    )


def rate_of(counts: dict[str, int]) -> float | None:
    """The uptake rate from ``outcome_counts``: received / (received + not used + refused by
    the service); ``None`` when no referral has reached one of these outcomes (a rate of
    nothing is not 0 %)."""
    denominator = sum(counts.values())
    if denominator == 0:
        return None
    return counts[flow.RECEIVED] / denominator


def reasons_for_non_use(referrals) -> dict[str, int]:
    """How many referrals ended "not used" or "refused", by reason, most frequent first.

    Outcomes are final, so each referral counts once.
    """
    rows = (
        ReferralEvent.objects.within(referral__in=referrals)
        .filter(to_status__in=flow.REASON_REQUIRED)
        .values("reason")
        .annotate(count=Count("id"))
        .order_by("-count", "reason")
    )
    return {row["reason"]: row["count"] for row in rows}


def days_to_service(referrals) -> list[int]:
    """For each referral whose service was received: the days from its creation to the day
    the service was received, smallest first. (From the referrals to their "received"
    event, one join: an outcome is final, so a referral has at most one.)"""
    durations = (
        referrals.filter(events__to_status=flow.RECEIVED)
        .annotate(
            delay=ExpressionWrapper(F("events__on") - F("created_on"), output_field=DurationField())
        )
        .order_by("delay")
        .values_list("delay", flat=True)
    )
    return [delay.days for delay in durations]


def time_to_service(referrals) -> float | None:
    """The median of ``days_to_service`` (``None`` when no service was received yet)."""
    days = days_to_service(referrals)
    return statistics.median(days) if days else None
