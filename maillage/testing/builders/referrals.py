"""Referrals: a directory entry with a service, a sharing consent, a referral."""

from __future__ import annotations

from maillage.families.services import record_consent
from maillage.partners.models import Partner, Service
from maillage.referrals.services import create_referral


def make_service(org, partner_name="CLSC du Nord", name="Halte-garderie", **extra) -> Service:
    partner = Partner.objects.create(organization=org, name=partner_name)
    return Service.objects.create(partner=partner, name=name, **extra)


def make_sharing_consent(family, by, partner_name="CLSC du Nord", **extra):
    values = {
        "purpose": "share",
        "partner_name": partner_name,
        "method": "verbal",
        "text_version": "2026-01",
    } | extra
    return record_consent(by, family, **values)


def make_referral(family, by, *, need="childcare", service=None, partner_name="", **extra):
    if service is None and not partner_name:
        partner_name = "Banque alimentaire"
    return create_referral(by, family, need, service=service, partner_name=partner_name, **extra)
