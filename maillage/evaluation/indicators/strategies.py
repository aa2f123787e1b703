"""Aggregates by outreach strategy, entry point and profile (questions 2, 3 and 4).

Each function runs one grouped query (``.values(organization, key…).annotate(Count/Sum)``)
and returns the grouped rows, re-keyed to the rows the table shows; the loop that follows
runs over groups (organizations × strategies), never over families.

Rows by strategy: inside one organization, its own strategies (in the order of its
strategies page). Across organizations a strategy is an organization's row, so the rows
are the twelve default strategies, then "the organizations' own strategies" together:
their names are typed by each organization and would tell who it is.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.families.models import EntryPoint, Isolation, Status, StatusChange
from maillage.organizations.models import Milieu
from maillage.outreach.models import DefaultStrategy, Strategy

from ..scope import ORGANIZATION, Scope, opened_in
from .target import NEVER

OWN_STRATEGIES = "own"
NOT_RECORDED = "none"
#: "Still accompanied three months later" looks at the 91st day after the family first
#: became accompanied (13 weeks: the same length whatever the months).
RETENTION_DAYS = 91


def regroup(groups, key, columns):
    """Sum ``columns`` of ``groups`` by (organization, ``key(group)``) into rows
    ``{"organization_id", "row", *columns}``. ``key`` returning None drops the group."""
    summed = defaultdict(lambda: dict.fromkeys(columns, 0))
    for group in groups:
        row = key(group)
        if row is None:
            continue
        target = summed[(group[ORGANIZATION], row)]
        for column in columns:
            target[column] += group[column] or 0
    return [
        {ORGANIZATION: organization, "row": row, **values}
        for (organization, row), values in summed.items()
    ]


def strategy_key(scope: Scope, strategy_id, default):
    if strategy_id is None:
        return NOT_RECORDED
    if scope.across:
        return default or OWN_STRATEGIES
    return strategy_id


def strategy_rows(scope: Scope, used) -> list[tuple[object, str]]:
    """(key, label) of the rows by strategy, in display order. Inside an organization:
    its strategies in use, and those out of use that ``used`` (keys with data) names."""
    if scope.across:
        rows = [(code, label) for code, label in DefaultStrategy.choices]
        rows.append((OWN_STRATEGIES, _("The organizations' own strategies")))
    else:
        strategies = Strategy.objects.for_org(scope.organization).order_by(
            "position", "custom_name"
        )
        rows = [
            (strategy.pk, str(strategy))
            for strategy in strategies
            if strategy.is_active or strategy.pk in used
        ]
    if NOT_RECORDED in used:
        rows.append((NOT_RECORDED, _("Strategy not recorded")))
    return rows


def _strategy_groups(scope: Scope, families, annotations, field="origin_strategy"):
    groups = families.values(ORGANIZATION, f"{field}_id", f"{field}__default").annotate(
        **annotations
    )
    return regroup(
        groups,
        lambda group: strategy_key(scope, group[f"{field}_id"], group[f"{field}__default"]),
        list(annotations),
    )


def families_by_strategy(scope: Scope, target: Q | None):
    """Families reached, and of them meeting the target, by the strategy that reached them."""
    annotations = {"reached": Count("pk"), "meeting": Count("pk", filter=target or NEVER)}
    return _strategy_groups(scope, scope.families_reached(), annotations)


def outreach_by_strategy(scope: Scope):
    """Outreach activities and their minutes, by strategy."""
    groups = (
        scope.outreach_activities()
        .values(ORGANIZATION, "strategy_id", "strategy__default")
        .annotate(activities=Count("pk"), minutes=Sum("duration_minutes"))
    )
    return regroup(
        groups,
        lambda group: strategy_key(scope, group["strategy_id"], group["strategy__default"]),
        ["activities", "minutes"],
    )


def paths_by_strategy(scope: Scope, today=None):
    """By strategy: families whose file was opened in the period (``opened``) and, of
    them, those who became accompanied by ``today`` (``converted``); families first
    accompanied in the period whose 91st day has come (``cohort``) and, of them, those
    whose status on that day was still "accompanied" (``retained``). The first day
    accompanied is ``Family.accompanied_on``, kept from the status history."""
    today = today or timezone.localdate()
    period = scope.period
    status_on_day = Subquery(
        StatusChange.objects.within(family=OuterRef("pk"))
        .filter(changed_on__lte=OuterRef("checked_on"))
        .order_by("-changed_on", "-changed_at", "-id")
        .values("to_status")[:1]
    )
    cohort = Q(accompanied_on__range=(period.start, period.end), checked_on__lte=today)
    families = scope.families().annotate(
        checked_on=ExpressionWrapper(
            F("accompanied_on") + timedelta(days=RETENTION_DAYS), output_field=DateField()
        )
    )
    # The status on the 91st day is looked up for the cohort only: a family accompanied
    # before the period, or too recently, would cost a lookup it does not need.
    families = families.annotate(status_then=Case(When(cohort, then=status_on_day)))
    opened = opened_in(period)
    annotations = {
        "opened": Count("pk", filter=opened),
        "converted": Count("pk", filter=opened & Q(accompanied_on__lte=today)),
        "cohort": Count("pk", filter=cohort),
        "retained": Count("pk", filter=Q(status_then=Status.ACCOMPANIED)),
    }
    return _strategy_groups(scope, families, annotations)


# Question 4 ---------------------------------------------------------------------------------


def entry_points_and_profiles(scope: Scope, target: Q | None):
    """Question 4's families reached, in one query grouped by organization, strategy, entry
    point and whether the family meets the target: ``(by entry point, by strategy)``.

    * by entry point (who opened the door): families reached (``reached``) and, of them,
      meeting the target (``meeting``);
    * by strategy: target families reached, counted once per profile they have (``p0``,
      ``p1``…, in the order of ``profiles()``); empty when there is no target.

    The target is a key of the grouping, not a filter of each count: PostgreSQL evaluates
    it once per family, where a ``FILTER`` per profile would evaluate it once per profile.
    """
    meets = ExpressionWrapper(target or NEVER, output_field=BooleanField())
    annotations = {"reached": Count("pk")}
    profile_columns = []
    if target is not None:
        for index, (key, _label, value) in enumerate(profiles()):
            annotations[f"p{index}"] = Count("pk", filter=_profile_q(key, value))
            profile_columns.append(f"p{index}")
    groups = [
        {**group, "meeting": group["reached"] if group["meets"] else 0}
        for group in scope.families_reached()
        .annotate(meets=meets)
        .values(
            ORGANIZATION, "origin_strategy_id", "origin_strategy__default", "entry_point", "meets"
        )
        .annotate(**annotations)
    ]
    by_entry_point = regroup(
        groups, lambda group: group["entry_point"] or NOT_RECORDED, ["reached", "meeting"]
    )
    by_strategy = regroup(
        [group for group in groups if group["meets"]],
        lambda group: strategy_key(
            scope, group["origin_strategy_id"], group["origin_strategy__default"]
        ),
        profile_columns,
    )
    return by_entry_point, by_strategy if profile_columns else []


def entry_point_rows(used):
    rows = list(EntryPoint.choices)
    if NOT_RECORDED in used:
        rows.append((NOT_RECORDED, _("Not recorded")))
    return rows


def other_strategies(scope: Scope):
    """Outreach activities and families reached through the default strategy "other" and
    through each strategy an organization added (by name, case aside): the candidates for
    new strategies. Two grouped queries."""
    activity_groups = (
        scope.outreach_activities()
        .filter(Q(strategy__default=DefaultStrategy.OTHER) | Q(strategy__default=""))
        .values(ORGANIZATION, "strategy__default", name=F("strategy__custom_name"))
        .annotate(activities=Count("pk"))
    )
    family_groups = (
        scope.families_reached()
        .filter(Q(origin_strategy__default=DefaultStrategy.OTHER) | Q(origin_strategy__default=""))
        .values(ORGANIZATION, "origin_strategy__default", name=F("origin_strategy__custom_name"))
        .annotate(families=Count("pk"))
    )
    # Names are compared case aside in Python: SQLite's LOWER() leaves "É" as it is.
    groups = [
        {**group, "key": group["strategy__default"] or group["name"].casefold(), "families": 0}
        for group in activity_groups
    ] + [
        {
            **group,
            "key": group["origin_strategy__default"] or group["name"].casefold(),
            "activities": 0,
        }
        for group in family_groups
    ]
    return regroup(groups, lambda group: group["key"], ["activities", "families"])


def other_strategy_rows(groups) -> list[tuple[str, str]]:
    """Rows ordered by activities then families (the most recurrent first); "other" first."""
    totals = defaultdict(lambda: [0, 0])
    for group in groups:
        totals[group["row"]][0] += group["activities"]
        totals[group["row"]][1] += group["families"]
    rows = []
    if DefaultStrategy.OTHER in totals:
        rows.append((DefaultStrategy.OTHER, _("“Other” (no strategy named)")))
    named = sorted(
        (key for key in totals if key != DefaultStrategy.OTHER),
        key=lambda key: (-totals[key][0], -totals[key][1], key),
    )
    rows += [(key, key[:1].upper() + key[1:]) for key in named]
    return rows


#: The profiles of question 4: characteristics of target families, whatever the target's
#: own criteria, in a fixed list (a fixed breakdown across organizations).
def profiles():
    rows = [
        (f"isolation:{value}", _("Isolation: %(dimension)s") % {"dimension": label}, value)
        for value, label in Isolation.choices
    ]
    rows += [
        (f"milieu:{value}", _("Milieu: %(milieu)s") % {"milieu": label}, value)
        for value, label in Milieu.choices
    ]
    rows.append(("immigration", _("An immigration context"), None))
    rows.append(("interpreter", _("Needs an interpreter"), None))
    return rows


def _profile_q(key, value):
    if key.startswith("isolation:"):
        return Q(isolation__holds=value)
    if key.startswith("milieu:"):
        return Q(milieu=value) | Q(milieu="", organization__milieu=value)
    if key == "immigration":
        return ~Q(immigration_context="")
    return Q(interpreter_needed=True)
