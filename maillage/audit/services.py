"""Writing audit events. Called by the service functions that change data."""

from __future__ import annotations

import re

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


def platform_log_events():
    """What the platform administrators' log shows.

    Events that belong to no organization (logins, platform accounts,
    communities), and what administrators did inside organizations (creating
    one, inviting its first manager).
    """
    from django.db.models import Q

    from maillage.accounts.models import Membership, Role

    administrators = Membership.objects.across_organizations(
        "the platform log follows the administrators' actions"
    ).filter(role=Role.ADMIN, organization__isnull=True)
    return AuditEvent.objects.across_organizations("the platform log spans organizations").filter(
        Q(organization__isnull=True) | Q(actor__in=administrators.values("user"))
    )
