"""Changes of state for privacy governance, each audited with a "privacy." action name."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maillage.audit.services import apply_changes, record_event

from .models import ConfidentialityIncident, PrivacyOfficer

OFFICER_FIELDS = ("name", "email", "phone", "since", "delegated_on")
INCIDENT_FIELDS = (
    "information_involved",
    "information_unknown_reason",
    "circumstances",
    "occurred_from",
    "occurred_to",
    "occurred_approximate",
    "discovered_on",
    "people_concerned",
    "people_estimated",
    "risk_sensitivity",
    "risk_misuse",
    "risk_consequences",
    "risk_likelihood",
    "serious_injury_risk",
    "commission_notified_on",
    "people_notified_on",
    "public_notice",
    "notices_note",
    "measures",
)


class PrivacyError(Exception):
    """A change the rules do not allow; the message is for the person (translated)."""


def officer_of(organization) -> PrivacyOfficer | None:
    return PrivacyOfficer.objects.for_org(organization).first()


def has_privacy_officer(organization) -> bool:
    return PrivacyOfficer.objects.for_org(organization).exists()


@transaction.atomic
def set_privacy_officer(actor, organization, values: dict) -> PrivacyOfficer:
    """Name the person in charge, or change how to reach them. One row per organization."""
    officer = PrivacyOfficer.objects.for_org(organization).select_for_update().first()
    if officer is None:
        officer = PrivacyOfficer.objects.create(
            organization=organization, updated_by=_person(actor), **values
        )
        record_event(
            actor,
            "privacy.officer.named",
            organization=organization,
            target=officer,
            changed_fields=sorted(values),
        )
        return officer
    officer.updated_by = _person(actor)
    apply_changes(
        actor,
        officer,
        {name: values.get(name) for name in OFFICER_FIELDS},
        "privacy.officer.changed",
        also_save=["updated_by", "updated_at"],
    )
    return officer


@transaction.atomic
def record_incident(actor, organization, values: dict) -> ConfidentialityIncident:
    incident = ConfidentialityIncident.objects.create(
        organization=organization, recorded_by=actor, **values
    )
    record_event(
        actor,
        "privacy.incident.recorded",
        organization=organization,
        target=incident,
        changed_fields=[name for name in INCIDENT_FIELDS if name in values],
    )
    return incident


@transaction.atomic
def update_incident(actor, incident: ConfidentialityIncident, values: dict) -> list[str]:
    return apply_changes(
        actor,
        incident,
        {name: values.get(name) for name in INCIDENT_FIELDS},
        "privacy.incident.changed",
        also_save=["updated_at"],
    )


@transaction.atomic
def delete_incident(actor, incident: ConfidentialityIncident) -> None:
    """Remove an entry, only once it is five years past the date of discovery."""
    if timezone.localdate() < incident.deletable_from:
        raise PrivacyError(
            _(
                "This entry must be kept five years after the incident became known: "
                "it can be deleted from %(date)s."
            )
            % {"date": date_format(incident.deletable_from)}
        )
    # The event keeps the entry's UUID: the register shows it is gone, not what it said.
    record_event(
        actor, "privacy.incident.deleted", organization=incident.organization, target=incident
    )
    incident.delete()


def record_register_export(actor, organization) -> None:
    """A copy of the register leaves Maillage: who took it, and when, is kept."""
    record_event(actor, "privacy.incident.register.exported", organization=organization)


def _person(actor):
    return actor if actor is not None and actor.is_authenticated else None
