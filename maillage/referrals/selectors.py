"""What other pages read of the referrals.

* The family page shows ``referrals/partials/family_referrals.html`` with ``family`` and
  ``referrals = referrals_for(family)`` (a section, ``sections.py``);
* *Ma journée* includes ``referrals/partials/follow_up_rows.html`` with
  ``referrals_to_follow = due_referrals(request, assigned_to=request.user)``.
"""

import datetime

from django.utils import timezone

from maillage.families.access import families_for
from maillage.families.models import Status
from maillage.lib import referral_flow as flow

from .models import Referral

#: How far ahead the follow-up list looks, in days (overdue ones are always listed).
FOLLOW_UP_DAYS = 7
FOLLOW_UP_ROWS = 100


def referrals_for(family) -> list:
    """The referrals of ``family`` for the family page's partial, in one query."""
    return list(
        family.referrals.select_related("service__partner").order_by(
            "-created_on", "-created_at", "-id"
        )
    )


def due_referrals(request, *, assigned_to=None, limit=FOLLOW_UP_ROWS) -> list:
    """Open referrals of the organization whose follow-up date is within a week (or past),
    soonest first, in one query. ``assigned_to``: only the families of that worker."""
    families = families_for(request).exclude(status=Status.CLOSED)
    if assigned_to is not None:
        families = families.assigned_to(assigned_to)
    horizon = timezone.localdate() + datetime.timedelta(days=FOLLOW_UP_DAYS)
    return list(
        Referral.objects.within(family__in=families)
        .filter(status__in=flow.OPEN, follow_up_on__lte=horizon)
        .select_related("family", "service__partner")
        .order_by("follow_up_on", "created_at", "id")[:limit]
    )
