"""What the home pages read of the apps below the shell."""

from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from maillage.accompaniment.models import Contact, Step
from maillage.families.access import families_for
from maillage.referrals.selectors import due_referrals

MY_DAY_ROWS = 50


def my_day_context(request):
    """Ma journée: the worker's families, steps due, families without news."""
    today = timezone.localdate()
    organization = request.organization
    mine = families_for(request).assigned_to(request.user).exclude(status="closed")
    # Families never contacted first, then the longest without news (same on every database).
    families = list(
        mine.select_related("municipality").order_by(
            F("last_contact_on").asc(nulls_first=True), "code"
        )[:MY_DAY_ROWS]
    )
    open_steps = Step.objects.within(priority__family__in=mine).exclude(
        status__in=["done", "dropped"]
    )
    next_step = {}
    for step in (
        open_steps.filter(priority__family__in=[f.pk for f in families])
        .select_related("priority")
        .order_by(F("due_on").asc(nulls_last=True), "created_at")
    ):
        next_step.setdefault(step.priority.family_id, step)
    stale_before = today - timedelta(weeks=organization.stale_after_weeks)
    stale = mine.filter(Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=stale_before))
    return {
        "my_families": [(family, next_step.get(family.pk)) for family in families],
        "my_family_count": mine.count(),
        "steps_due": open_steps.filter(due_on__lte=today + timedelta(days=7))
        .select_related("priority__family")
        .order_by("due_on")[:MY_DAY_ROWS],
        "stale_families": stale.order_by(F("last_contact_on").asc(nulls_first=True))[:MY_DAY_ROWS],
        "stale_weeks": organization.stale_after_weeks,
        "today": today,
        "referrals_to_follow": due_referrals(request, assigned_to=request.user),
        "contact_count_week": Contact.objects.within(family__in=families_for(request))
        .filter(
            worker=request.user,
            date__gte=today - timedelta(days=6),
        )
        .count(),
    }
