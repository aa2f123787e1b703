"""Writing audit events. Called by the service functions that change data."""

from __future__ import annotations

import re

from maillage.core.roles import Role

from .models import AuditEvent

_ACTION = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


def record_event(
    actor,
    action: str,
    *,
    organization=None,
    target=None,
    changed_fields: list[str] | tuple[str, ...] = (),
) -> AuditEvent:
    """Append one audit event.

    ``action`` is a dotted, human-readable name (``membership.deactivated``).
    ``changed_fields`` holds field *names* only: values, which may be sensitive,
    are never written to the audit. Saving the event seals it into its organization's
    hash chain (``maillage.audit.chain``).
    """
    if not _ACTION.match(action):
        raise ValueError(f"Audit action {action!r} must be dotted lowercase words.")
    object_type = ""
    object_uuid = None
    if target is not None:
        object_type = target._meta.label_lower
        object_uuid = getattr(target, "uuid", None)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organization=organization,
        action=action,
        object_type=object_type,
        object_uuid=object_uuid,
        changed_fields=sorted(str(name) for name in changed_fields),
    )


def assign_changes(obj, values: dict) -> list[str]:
    """Set on ``obj`` the ``values`` that differ from what it holds; their names."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def save_changes(
    actor,
    obj,
    changed: list[str],
    action: str,
    *,
    target=None,
    organization=None,
    also_save: tuple[str, ...] | list[str] = (),
    also_changed: tuple[str, ...] | list[str] = (),
) -> list[str]:
    """Save the ``changed`` fields of ``obj`` (and ``also_save``, such as an ``updated_at``)
    and record ``action`` with their names, never their values; nothing is saved or recorded
    when nothing changed.

    ``target`` is what the event is about when it is not ``obj`` (a member's change is the
    family's event), ``organization`` the event's when the target has none of its own (a
    partner's service); ``also_changed`` names changes the caller made itself (many-to-many
    relations), reported in the same event. Returns the names reported. Call it inside the
    service's transaction, so that the change and its event are saved together.
    """
    if changed:
        obj.save(update_fields=[*changed, *also_save])
    reported = [*changed, *also_changed]
    if reported:
        about = obj if target is None else target
        record_event(
            actor,
            action,
            organization=organization if organization is not None else about.organization,
            target=about,
            changed_fields=reported,
        )
    return reported


def apply_changes(actor, obj, values: dict, action: str, **options) -> list[str]:
    """The one way an existing row is edited: ``assign_changes`` then ``save_changes``."""
    return save_changes(actor, obj, assign_changes(obj, values), action, **options)


def platform_log_events():
    """What the platform administrators' log shows.

    Events that belong to no organization (logins, platform accounts,
    communities), and what administrators did inside organizations (creating
    one, inviting its first manager).
    """
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    # Through the user model's memberships: accounts sits above the audit. The administrator
    # role is held on the platform only (a constraint of the memberships).
    administrators = get_user_model().objects.filter(memberships__role=Role.ADMIN)
    return AuditEvent.objects.across_organizations("the platform log spans organizations").filter(
        Q(organization__isnull=True) | Q(actor__in=administrators.values("pk"))
    )
