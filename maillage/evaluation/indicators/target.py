"""Whether a family meets a target clientele definition, criterion by criterion.

A family meets a definition when it meets **every criterion the definition sets**; within
one criterion, **any** of the values listed is enough (isolation "social or geographic").
A criterion left empty is no criterion. The criteria:

* ``ages``: a child of the household (role child or teenager) whose age on the reference
  day (the last day of the period evaluated) is between the minimum and the maximum, both
  included; an expected birth counts as a child of 0 years when the definition says so.
  A member without a year of birth has no known age and meets no age criterion.
* ``isolation``: one of the isolation dimensions listed.
* ``milieu``: the family's milieu, or the organization's when the family's is empty.
* ``municipality``: one of the municipalities listed.
* ``immigration``: one of the immigration contexts listed.
* ``interpreter``: the family needs an interpreter.

The rules are written here once, in SQL (``criterion``, ``any_target_q``: counting without a
loop). The tests check them against a plain Python reading of the same rules, one family at a
time (``maillage/evaluation/tests/reference.py``).
"""

from __future__ import annotations

from datetime import date

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from maillage.families.models import Member, MemberRole

from ..models import TargetDefinition

AGES = "ages"
ISOLATION = "isolation"
MILIEU = "milieu"
MUNICIPALITY = "municipality"
IMMIGRATION = "immigration"
INTERPRETER = "interpreter"

CRITERIA = {
    AGES: _("Children's ages"),
    ISOLATION: _("Isolation"),
    MILIEU: _("Milieu"),
    MUNICIPALITY: _("Municipality"),
    IMMIGRATION: _("Immigration context"),
    INTERPRETER: _("Needs an interpreter"),
}
#: A condition no family meets (no target defined): counts with it are 0, in SQL.
NEVER = Q(pk__isnull=True)
CHILD_ROLES = (MemberRole.CHILD, MemberRole.TEENAGER)
#: When only the year of birth is known, the member is taken as born in July (as
#: ``Member.age_on`` does).
UNKNOWN_MONTH = 7


def _month_key(year: int, month: int) -> int:
    """Months since year 0: ages in whole years are differences of these, divided by 12."""
    return year * 12 + month


def _age_bounds(definition: TargetDefinition, on: date) -> tuple[int, int | None]:
    """The range of birth month keys of children aged min..max on ``on``:
    ``low < key <= high`` (``low`` None: no maximum age)."""
    today_key = _month_key(on.year, on.month)
    minimum = definition.child_age_min or 0
    high = today_key - 12 * minimum
    low = None
    if definition.child_age_max is not None:
        low = today_key - 12 * (definition.child_age_max + 1)
    return low, high


def set_criteria(definition: TargetDefinition) -> list[str]:
    """The criteria the definition sets, in the order of ``CRITERIA``."""
    present = {
        AGES: definition.child_age_min is not None or definition.child_age_max is not None,
        ISOLATION: bool(definition.isolation),
        MILIEU: bool(definition.milieux),
        MUNICIPALITY: bool(_municipality_ids(definition)),
        IMMIGRATION: bool(definition.immigration_contexts),
        INTERPRETER: definition.interpreter_needed,
    }
    return [key for key in CRITERIA if present[key]]


def _municipality_ids(definition: TargetDefinition) -> set[int]:
    # ``.all()`` uses the prefetch cache when the caller prefetched (definitions_in_force).
    return {municipality.pk for municipality in definition.municipalities.all()}


# SQL: a queryset of families ---------------------------------------------------------------


def criterion(definition: TargetDefinition, key: str, on: date, *, own_only=False) -> Q:
    """The ``Q`` on ``Family`` of one criterion ``key`` of ``definition``: the families
    meeting it (the tests' reference, ``criteria_met``, reads the same rule in Python).
    ``own_only``: the families are all of the definition's organization (see
    ``_children_of_age``)."""
    if key == AGES:
        return Q(_children_of_age(definition, on, own_only=own_only))
    if key == ISOLATION:
        any_of = Q()
        for value in definition.isolation:
            any_of |= Q(isolation__holds=value)  # a whole element of the list
        return any_of
    if key == MILIEU:
        return Q(milieu__in=definition.milieux) | Q(
            milieu="", organization__milieu__in=definition.milieux
        )
    if key == MUNICIPALITY:
        return Q(municipality_id__in=sorted(_municipality_ids(definition)))
    if key == IMMIGRATION:
        return Q(immigration_context__in=definition.immigration_contexts)
    if key == INTERPRETER:
        return Q(interpreter_needed=True)
    raise ValueError(key)


def _children_of_age(definition: TargetDefinition, on: date, *, own_only=False):
    """Families with a child of the definition's ages. PostgreSQL may hash this subquery once
    for all the families counted: with ``own_only`` (one organization's evaluation) it then
    reads that organization's members, not the whole province's; across organizations the
    extra join to the families would cost more than it saves."""
    low, high = _age_bounds(definition, on)
    members = Member.objects.within(family=OuterRef("pk"))
    if own_only:
        members = members.filter(family__organization_id=definition.organization_id)
    born = (
        members.filter(role__in=CHILD_ROLES, expected=False, birth_year__isnull=False)
        .annotate(birth_key=F("birth_year") * 12 + Coalesce("birth_month", Value(UNKNOWN_MONTH)))
        .filter(birth_key__lte=min(high, _month_key(on.year, on.month)))
    )
    if low is not None:
        born = born.filter(birth_key__gt=low)
    children = Q(Exists(born))
    if definition.expected_birth_counts and not definition.child_age_min:
        children |= Q(Exists(members.filter(role__in=CHILD_ROLES, expected=True)))
    return children


# Several organizations at once ----------------------------------------------------------------


def definitions_in_force(organization_ids, on: date, *, across: bool, organization=None):
    """{organization id: the definition in force on ``on``}: two queries, whatever the
    number of organizations (definitions, then their municipalities)."""
    if across:
        definitions = TargetDefinition.objects.across_organizations("evaluation aggregates")
        definitions = definitions.filter(organization_id__in=organization_ids)
    else:
        definitions = TargetDefinition.objects.for_org(organization)
    definitions = (
        definitions.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("organization")
        .prefetch_related("municipalities")
        .order_by("organization_id", "-valid_from", "-id")
    )
    in_force = {}
    for definition in definitions:
        in_force.setdefault(definition.organization_id, definition)
    return in_force


def _setting(definition: TargetDefinition, key: str):
    """What ``definition`` asks for criterion ``key``, as a hashable value: organizations
    asking the same share one SQL condition."""
    if key == AGES:
        return (
            definition.child_age_min,
            definition.child_age_max,
            definition.expected_birth_counts and not definition.child_age_min,
        )
    values = {
        ISOLATION: definition.isolation,
        MILIEU: definition.milieux,
        MUNICIPALITY: _municipality_ids(definition),
        IMMIGRATION: definition.immigration_contexts,
        INTERPRETER: [True],
    }[key]
    return tuple(sorted(values))


def criterion_q(definitions: dict, key: str, on: date) -> Q | None:
    """Families meeting criterion ``key`` of their own organization's definition; None
    when no definition sets it.

    Organizations whose definitions ask the same thing are grouped under one condition
    (``organization_id IN (…) AND …``): across a province, a handful of age ranges, not one
    subquery per organization, which PostgreSQL would run for every family."""
    by_setting: dict = {}
    for definition in definitions.values():
        if key in set_criteria(definition):
            organizations, _first = by_setting.setdefault(
                _setting(definition, key), ([], definition)
            )
            organizations.append(definition.organization_id)
    condition = None
    own_only = len(definitions) == 1
    for organizations, definition in by_setting.values():
        part = Q(organization_id__in=sorted(organizations)) & criterion(
            definition, key, on, own_only=own_only
        )
        condition = part if condition is None else condition | part
    return condition


def any_target_q(definitions: dict, on: date) -> Q:
    """Families meeting the definition of their own organization (one ``Q`` over all);
    ``NEVER`` when no organization has one. Criterion by criterion: met, or not asked by
    the family's organization."""
    if not definitions:
        return NEVER
    condition = Q(organization_id__in=sorted(definitions))
    for key in CRITERIA:
        met = criterion_q(definitions, key, on)
        if met is None:
            continue
        not_asked = sorted(
            organization
            for organization, definition in definitions.items()
            if key not in set_criteria(definition)
        )
        condition &= met | Q(organization_id__in=not_asked) if not_asked else met
    return condition


# Question 1 ----------------------------------------------------------------------------------


def reach_by_organization(scope, definitions: dict) -> list[dict]:
    """One grouped query: per organization, the families reached in the period
    (``reached``), those meeting their organization's target (``meeting``) and, for each
    criterion some definition sets, those meeting it (named by the criterion's key).

    The families are grouped by organization and by whether they meet each criterion (a
    handful of groups per organization); "meeting the target" is then worked out per group
    from the criteria its organization's definition sets. So each criterion is evaluated
    once per family, where a count per criterion plus one for the whole target evaluated
    them twice (the children's ages are a subquery per family)."""
    on = scope.period.end
    flags = {}
    for key in CRITERIA:
        condition = criterion_q(definitions, key, on)
        if condition is not None:
            flags[f"meets_{key}"] = ExpressionWrapper(condition, output_field=BooleanField())
    keys = [name.removeprefix("meets_") for name in flags]
    rows = (
        scope.families_reached()
        .annotate(**flags)
        .values("organization_id", *flags)
        .annotate(families=Count("pk"))
    )
    asked = {organization: set_criteria(d) for organization, d in definitions.items()}
    result: dict[int, dict] = {}
    for row in rows:
        organization, families = row["organization_id"], row["families"]
        counts = result.setdefault(
            organization,
            {"organization_id": organization, "reached": 0, "meeting": 0, **dict.fromkeys(keys, 0)},
        )
        counts["reached"] += families
        for key in keys:
            if row[f"meets_{key}"]:
                counts[key] += families
        if organization in asked and all(row[f"meets_{key}"] for key in asked[organization]):
            counts["meeting"] += families
    return list(result.values())
