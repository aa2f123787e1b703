"""The work with partners: a partner, a collaboration, an out-of-mandate request."""

from __future__ import annotations

import datetime

from maillage.collaboration import services
from maillage.partners.models import Partner
from maillage.referrals.models import Referral

from .families import make_family
from .referrals import make_referral, make_service


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


def make_referral_at(
    family, by, service=None, *, need="childcare", status="proposed", partner_name=""
):
    """A referral already at `status`: the bridge reads only the status, not its history."""
    referral = make_referral(family, by, need=need, service=service, partner_name=partner_name)
    Referral.objects.across_organizations("test").filter(pk=referral.pk).update(status=status)
    return referral


def make_referral_flow(org, ptp):
    """Two families, six referrals spread over four needs and five outcomes."""
    family = make_family(org, ptp)
    other = make_family(org, ptp)
    halte = make_service(org, partner_name="CLSC du Nord", name="Halte-garderie")
    pantry = make_service(org, partner_name="Banque alimentaire", name="Dépannage")
    make_referral_at(family, ptp, halte, need="childcare", status="received")
    make_referral_at(other, ptp, halte, need="childcare", status="not_used")
    make_referral_at(other, ptp, halte, need="child_development", status="waiting_list")
    make_referral_at(family, ptp, pantry, need="food", status="received")
    make_referral_at(other, ptp, pantry, need="food", status="refused")
    make_referral_at(
        family, ptp, need="housing", status="withdrawn", partner_name="Office municipal"
    )
    return family, other
