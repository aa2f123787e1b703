"""The fictional demonstration: three organizations, their teams, an evaluator, an administrator.

Every name here is invented. Municipal figures are typed in from the
government's reference so the demo runs without the reference file; loading
the reference later updates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from maillage.accounts.models import Membership, Role, User
from maillage.audit.services import record_event
from maillage.organizations.models import Community, Milieu, Municipality, Organization, Region
from maillage.outreach.services import seed_strategies

DEMO_PASSWORD = "demo-maillage-2026"  # noqa: S105 - fictional accounts, printed on purpose
#: Base32 secret shared by the demo accounts that need two-factor authentication.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPMAILLAGE"  # noqa: S105
DEMO_DOMAIN = "demo.maillage.test"

_REGIONS = {"14": "Lanaudière", "06": "Montréal", "04": "Mauricie"}
# code, name, region, MRC, population, land area (km²)
_MUNICIPALITIES = [
    ("62065", "Saint-Côme", "14", "MRC Matawinie (620)", 2814, "164.14"),
    ("62047", "Chertsey", "14", "MRC Matawinie (620)", 5683, "285.85"),
    ("62070", "Sainte-Émélie-de-l'Énergie", "14", "MRC Matawinie (620)", 1858, "150.06"),
    ("62080", "Saint-Zénon", "14", "MRC Matawinie (620)", 1435, "458.88"),
    ("66023", "Montréal", "06", "", 1913561, "363.78"),
    ("36033", "Shawinigan", "04", "", 51820, "737.23"),
    ("51070", "Saint-Mathieu-du-Parc", "04", "MRC Maskinongé (510)", 1601, "216.89"),
    ("51085", "Saint-Boniface", "04", "MRC Maskinongé (510)", 5416, "108.09"),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: str
    organization: str | None


_ORGANIZATIONS = [
    (
        "Maison des familles de la Matawinie (fictive)",
        "14",
        Milieu.RURAL,
        ["62065", "62047", "62070", "62080"],
        "matawinie",
    ),
    ("Carrefour familles Villeray (fictif)", "06", Milieu.URBAN, ["66023"], "villeray"),
    (
        "Maison de la famille de Shawinigan (fictive)",
        "04",
        Milieu.MIXED,
        ["36033", "51070", "51085"],
        "shawinigan",
    ),
]

_TEAMS = {
    "matawinie": [
        ("Odile Lanctôt-Mercure", Role.PG),
        ("Maëlle Desrosiers", Role.PTP),
        ("Zacharie Boisvenu", Role.PTP),
    ],
    "villeray": [
        ("Nadia Belkacem-Roy", Role.PG),
        ("Ibrahima Kanté-Léger", Role.PTP),
        ("Rosalie Vachon-Ng", Role.PTP),
    ],
    "shawinigan": [
        ("Gisèle Trudel-Aubin", Role.PG),
        ("Félix Auclair-Dumont", Role.PTP),
        ("Léa Marchand-Sirois", Role.PTP),
    ],
}


def demo_people() -> list[DemoPerson]:
    people = []
    for organization_name, _, _, _, slug in _ORGANIZATIONS:
        for position, (name, role) in enumerate(_TEAMS[slug], start=1):
            local = "pg" if role == Role.PG else f"ptp{position - 1}"
            people.append(
                DemoPerson(f"{local}.{slug}@{DEMO_DOMAIN}", name, role, organization_name)
            )
    people.append(
        DemoPerson(f"evaluation@{DEMO_DOMAIN}", "Hélène Gagnon-Ferland", Role.EVALUATOR, None)
    )
    people.append(DemoPerson(f"admin@{DEMO_DOMAIN}", "Samuel Ouellet-Bray", Role.ADMIN, None))
    return people


def demo_is_loaded() -> bool:
    return Organization.objects.filter(name=_ORGANIZATIONS[0][0]).exists()


@transaction.atomic
def load_demo() -> list[DemoPerson]:
    regions = {}
    for code, name in _REGIONS.items():
        regions[code], _ = Region.objects.get_or_create(code=code, defaults={"name": name})
    municipalities = {}
    for code, name, region, mrc, population, area in _MUNICIPALITIES:
        municipalities[code], _ = Municipality.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "region": regions[region],
                "mrc": mrc,
                "population": population,
                "land_area_km2": Decimal(area),
            },
        )
    organizations = {}
    for name, region, milieu, codes, _ in _ORGANIZATIONS:
        organization = Organization.objects.create(name=name, region=regions[region], milieu=milieu)
        organization.municipalities.set([municipalities[code] for code in codes])
        organizations[name] = organization
        seed_strategies(organization)
        record_event(
            None,
            "organization.created",
            organization=organization,
            target=organization,
            changed_fields=["milieu", "name", "region"],
        )
    community = Community.objects.create(
        name="Regroupement des projets pilotes (fictif)",
        description="Communauté de démonstration qui regroupe les trois organismes fictifs.",
    )
    community.organizations.set(organizations.values())
    people = demo_people()
    for person in people:
        user = User.objects.create_user(person.email, DEMO_PASSWORD, full_name=person.name)
        organization = organizations.get(person.organization)
        membership = Membership.objects.create(
            user=user, organization=organization, role=person.role
        )
        if membership.requires_mfa:
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
        record_event(None, "account.created", organization=organization, target=user)
    return people


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
