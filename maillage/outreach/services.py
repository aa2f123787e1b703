"""Changes of state for outreach: strategies and activities, audited."""

from django.db import transaction

from maillage.audit.services import apply_changes, record_event

from .models import DefaultStrategy, OutreachActivity, Strategy


def seed_strategies(organization) -> None:
    """Give an organization the default strategies it does not have yet."""
    have = set(
        Strategy.objects.for_org(organization).exclude(default="").values_list("default", flat=True)
    )
    Strategy.objects.bulk_create(
        Strategy(organization=organization, default=choice.value, position=position)
        for position, choice in enumerate(DefaultStrategy)
        if choice.value not in have
    )


@transaction.atomic
def record_outreach(actor, organization, values: dict) -> OutreachActivity:
    activity = OutreachActivity.objects.create(organization=organization, worker=actor, **values)
    record_event(
        actor,
        "outreach.activity.recorded",
        organization=organization,
        target=activity,
        changed_fields=list(values),
    )
    return activity


@transaction.atomic
def update_outreach(actor, activity: OutreachActivity, values: dict) -> OutreachActivity:
    apply_changes(actor, activity, values, "outreach.activity.updated")
    return activity


@transaction.atomic
def add_strategy(actor, organization, name: str) -> Strategy:
    strategy = Strategy.objects.create(organization=organization, custom_name=name.strip())
    record_event(
        actor,
        "outreach.strategy.added",
        organization=organization,
        target=strategy,
        changed_fields=["custom_name"],
    )
    return strategy


@transaction.atomic
def set_strategy_in_use(actor, strategy: Strategy, in_use: bool) -> Strategy:
    strategy.is_active = in_use
    strategy.save(update_fields=["is_active"])
    record_event(
        actor,
        "outreach.strategy.updated",
        organization=strategy.organization,
        target=strategy,
        changed_fields=["is_active"],
    )
    return strategy
