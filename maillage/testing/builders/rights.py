"""A family's rights: an access request recorded on a given day, a disclosure."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from maillage.rights.models import AccessRequest, Disclosure, due_date


def make_request(family, recorded_by, *, received_on: date | None = None, **values):
    """A family's access request (collaboration.make_request is an out-of-mandate request)."""
    received_on = received_on or timezone.localdate()
    defaults = {"kind": "access", "requested_by": "parent", "language": "fr"}
    return AccessRequest.objects.create(
        organization=family.organization,
        family=family,
        recorded_by=recorded_by,
        received_on=received_on,
        due_on=due_date(received_on),
        **(defaults | values),
    )


def make_disclosure(family, sent_by, **values):
    defaults = {
        "legal_basis": "court",
        "recipient": "Cour du Québec, chambre de la jeunesse",
        "content": "Dates des rencontres de mars.",
        "sent_on": timezone.localdate(),
    }
    return Disclosure.objects.create(
        organization=family.organization,
        family=family,
        sent_by=sent_by,
        recorded_by=sent_by,
        **(defaults | values),
    )
