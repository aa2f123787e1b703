"""The work with partners: a partner, a collaboration, an out-of-mandate request."""

from __future__ import annotations

import datetime

from maillage.collaboration import services
from maillage.partners.models import Partner


def make_partner(org, name="CLSC du Nord") -> Partner:
    return Partner.objects.create(organization=org, name=name)


def make_collaboration(org, worker, *, partners=(), connected=(), **values):
    data = {
        "date": datetime.date(2026, 3, 10),
        "kind": "table",
        "title": "Table petite enfance",
        "subjects": "",
        "other_partners": "",
        "duration_minutes": 90,
        "follow_ups": "",
        "partners": list(partners),
        "connected": list(connected),
    } | values
    return services.record_collaboration(worker, org, data)


def make_request(org, worker, *, partner=None, partner_name="", **values):
    """An out-of-mandate request (rights.make_request is a family's access request)."""
    data = {
        "date": datetime.date(2026, 3, 10),
        "partner": partner,
        "partner_name": partner_name if partner is None else "",
        "kind": "interpretation",
        "description": "",
        "minutes_spent": 60,
        "decision": "accepted",
    } | values
    return services.record_out_of_mandate_request(worker, org, data)
