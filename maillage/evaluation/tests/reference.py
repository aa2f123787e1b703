"""The target clientele's rules read in plain Python, one family at a time: the reference the
tests check the SQL of ``maillage/evaluation/indicators/target.py`` against. Only the tests
use it; the application counts in SQL."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from maillage.evaluation.indicators.target import (
    AGES,
    CHILD_ROLES,
    IMMIGRATION,
    INTERPRETER,
    ISOLATION,
    MILIEU,
    MUNICIPALITY,
    UNKNOWN_MONTH,
    any_target_q,
    set_criteria,
)
from maillage.evaluation.models import TargetDefinition
from maillage.families.models import Member


def _month_key(year: int, month: int) -> int:
    return year * 12 + month


def _municipality_ids(definition: TargetDefinition) -> set[int]:
    return {municipality.pk for municipality in definition.municipalities.all()}


def _child_meets_ages(member: Member, definition: TargetDefinition, on: date) -> bool:
    if member.role not in CHILD_ROLES:
        return False
    minimum = definition.child_age_min or 0
    if member.expected:
        return definition.expected_birth_counts and minimum == 0
    if member.birth_year is None:
        return False
    key = _month_key(member.birth_year, member.birth_month or UNKNOWN_MONTH)
    if key > _month_key(on.year, on.month):
        return False  # not born yet on that day
    age = member.age_on(on)
    maximum = definition.child_age_max
    return age >= minimum and (maximum is None or age <= maximum)


def criteria_met(family, definition: TargetDefinition, on: date | None = None) -> dict[str, bool]:
    """For each criterion the definition sets, whether ``family`` meets it."""
    on = on or timezone.localdate()
    checks = {
        AGES: lambda: any(
            _child_meets_ages(member, definition, on) for member in family.members.all()
        ),
        ISOLATION: lambda: bool(set(family.isolation or []) & set(definition.isolation)),
        MILIEU: lambda: (family.milieu or family.organization.milieu) in definition.milieux,
        MUNICIPALITY: lambda: family.municipality_id in _municipality_ids(definition),
        IMMIGRATION: lambda: family.immigration_context in definition.immigration_contexts,
        INTERPRETER: lambda: bool(family.interpreter_needed),
    }
    return {key: checks[key]() for key in set_criteria(definition)}


def meets_target(family, definition: TargetDefinition, on: date | None = None) -> bool:
    """Whether ``family`` meets every criterion of ``definition`` on ``on`` (ages)."""
    if family.organization_id != definition.organization_id:
        return False
    return all(criteria_met(family, definition, on).values())


def families_meeting(definition: TargetDefinition, families, on: date | None = None):
    """``families`` (a queryset of Family) narrowed to those meeting ``definition``, by the
    condition the questions use (``any_target_q``): the SQL side of the comparison."""
    on = on or timezone.localdate()
    return families.filter(any_target_q({definition.organization_id: definition}, on))
