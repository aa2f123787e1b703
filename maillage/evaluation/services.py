"""Changes of state of the evaluation: the target clientele's definitions.

The questions themselves change nothing (they read); the definitions are the only rows
the evaluation writes. Audited as ``evaluation.target.*``, with field names only.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from maillage.audit.services import apply_changes, record_event

from .models import TargetDefinition

#: The fields a PG fills in (``municipalities`` is the many-to-many, saved apart).
TARGET_FIELDS = [
    "name",
    "community",
    "valid_from",
    "valid_to",
    "child_age_min",
    "child_age_max",
    "expected_birth_counts",
    "isolation",
    "milieux",
    "immigration_contexts",
    "interpreter_needed",
    "estimated_population",
    "population_source",
    "population_estimated_on",
]


class TargetError(Exception):
    """A definition that cannot be saved; ``field`` names the field to show it next to."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def overlapping(organization, valid_from: date, valid_to: date | None, exclude=None):
    """The organization's definitions in force on some day of [valid_from, valid_to]."""
    definitions = TargetDefinition.objects.for_org(organization).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if valid_to is not None:
        definitions = definitions.filter(valid_from__lte=valid_to)
    if exclude is not None:
        definitions = definitions.exclude(pk=exclude.pk)
    return definitions


def _check_no_overlap(organization, values, exclude=None):
    # One definition in force on any day, so that "the one in force at the end of the
    # period" is never ambiguous.
    other = (
        overlapping(organization, values["valid_from"], values["valid_to"], exclude)
        .order_by("valid_from")
        .first()
    )
    if other is None:
        return
    if other.valid_to is None:
        message = _(
            "“%(name)s” is in force from %(start)s with no end date: give it a last day "
            "before this one starts."
        ) % {"name": other.name, "start": other.valid_from.isoformat()}
    else:
        message = _("“%(name)s” is already in force from %(start)s to %(end)s.") % {
            "name": other.name,
            "start": other.valid_from.isoformat(),
            "end": other.valid_to.isoformat(),
        }
    raise TargetError(message, field="valid_from")


@transaction.atomic
def create_target(actor, organization, values: dict, municipalities=()) -> TargetDefinition:
    _check_no_overlap(organization, values)
    definition = TargetDefinition.objects.create(
        organization=organization,
        created_by=actor,
        **{name: values[name] for name in TARGET_FIELDS},
    )
    definition.municipalities.set(municipalities)
    record_event(
        actor,
        "evaluation.target.created",
        organization=organization,
        target=definition,
        changed_fields=[*TARGET_FIELDS, "municipalities"],
    )
    return definition


@transaction.atomic
def update_target(actor, definition: TargetDefinition, values: dict, municipalities=()) -> None:
    # Lock the row: two managers saving the same definition do not interleave.
    TargetDefinition.objects.for_org(definition.organization).select_for_update().filter(
        pk=definition.pk
    ).first()
    _check_no_overlap(definition.organization, values, exclude=definition)
    relations = []
    old_municipalities = set(definition.municipalities.values_list("pk", flat=True))
    if old_municipalities != {municipality.pk for municipality in municipalities}:
        definition.municipalities.set(municipalities)
        relations.append("municipalities")
    apply_changes(
        actor,
        definition,
        {name: values[name] for name in TARGET_FIELDS},
        "evaluation.target.updated",
        also_save=["updated_at"],
        also_changed=relations,
    )
