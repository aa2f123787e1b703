"""Regions, municipalities, organizations (with their person in charge) and communities."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from maillage.organizations.models import Community, Milieu, Municipality, Organization, Region

from .numbers import next_number


def make_region(code="14", name="Lanaudière") -> Region:
    region, _ = Region.objects.get_or_create(code=code, defaults={"name": name})
    return region


def make_municipality(region=None, *, code=None, name=None, population=2814, area="164.14"):
    region = region or make_region()
    number = next_number()
    return Municipality.objects.create(
        code=code or f"{90000 + number}",
        name=name or f"Municipalité {number}",
        region=region,
        population=population,
        land_area_km2=Decimal(area),
    )


def make_organization(
    name=None, *, region=None, milieu=Milieu.RURAL, privacy_officer=True, **extra
) -> Organization:
    """An organization with its strategies and, unless ``privacy_officer=False``, its person
    in charge of personal information (without one, no family can be created)."""
    from maillage.outreach.services import seed_strategies

    organization = Organization.objects.create(
        name=name or f"Organisme {next_number()}",
        region=region or make_region(),
        milieu=milieu,
        **extra,
    )
    seed_strategies(organization)
    if privacy_officer:
        make_privacy_officer(organization)
    return organization


def make_privacy_officer(organization, **values):
    from maillage.privacy.models import PrivacyOfficer

    defaults = {
        "name": "Direction générale",
        "email": f"confidentialite{organization.pk}@example.org",
        "phone": "450 555-0100",
        "since": date(2024, 1, 15),
    }
    return PrivacyOfficer.objects.create(organization=organization, **(defaults | values))


def make_community(*organizations, name=None) -> Community:
    community = Community.objects.create(name=name or f"Table {next_number()}")
    community.organizations.set(organizations)
    return community
