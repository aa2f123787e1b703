"""The fictional demonstration: three organizations, their teams, an evaluator, an administrator.

Every name here is invented. Municipal figures are typed in from the
government's reference so the demo runs without the reference file; loading
the reference later updates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone

from maillage.accompaniment import services as accompaniment
from maillage.accounts.models import Membership, Role, User
from maillage.audit.services import record_event
from maillage.evaluation.services import create_target
from maillage.families.models import Isolation
from maillage.families.services import create_family
from maillage.organizations.models import Community, Milieu, Municipality, Organization, Region
from maillage.outreach.models import Strategy
from maillage.outreach.services import record_outreach, seed_strategies
from maillage.privacy.services import set_privacy_officer

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


# What each organization's demo workers did: outreach, then a few families reached through it.
_FIELD_WORK = [
    # strategy, people met, families reached, days ago, minutes
    ("park", 9, 2, 20, 90),
    ("food_bank", 14, 1, 16, 120),
    ("school_cpe", 6, 1, 12, 60),
    ("door_to_door", 11, 2, 9, 150),
    ("community_event", 25, 1, 5, 180),
    ("word_of_mouth", 2, 1, 2, 30),
]
_FAMILIES = [
    # entry point, members (role, birth year), isolation, needs of its priority, its words
    (
        "parent",
        [("parent", 1993), ("child", 2023), ("child", 2020)],
        ["geographic"],
        "childcare",
        "Trouver une place en halte-garderie",
    ),
    (
        "grandparent",
        [("grandparent", 1961), ("parent", 1990), ("child", 2024)],
        ["social"],
        "housing",
        "Un logement plus grand avant l’hiver",
    ),
    (
        "teenager",
        [("teenager", 2010), ("parent", 1985), ("child", 2019)],
        ["cultural", "distrust"],
        "education",
        "Cours de francisation pour maman",
    ),
    (
        "neighbour",
        [("parent", 1998), ("child", 2025)],
        ["few_services"],
        "food",
        "Remplir le frigo jusqu’à la fin du mois",
    ),
]


def _field_work(organization, workers):
    """Fictional outreach, families, contacts and plans, through the same services as people."""

    today = timezone.localdate()
    strategies = {s.default: s for s in Strategy.objects.for_org(organization)}
    activities = []
    for number, (code, people, reached, days_ago, minutes) in enumerate(_FIELD_WORK):
        activities.append(
            record_outreach(
                workers[number % len(workers)],
                organization,
                {
                    "strategy": strategies[code],
                    "people_met": people,
                    "families_reached": reached,
                    "date": today - timedelta(days=days_ago),
                    "duration_minutes": minutes,
                },
            )
        )
    for number, (entry, members, isolation, need, words) in enumerate(_FAMILIES):
        worker = workers[number % len(workers)]
        family = create_family(
            worker,
            organization,
            values={"entry_point": entry, "isolation": isolation},
            members=[{"role": role, "birth_year": year} for role, year in members],
            consents=[
                {"purpose": purpose, "method": "verbal", "text_version": "2026-01"}
                for purpose in ("file", "statistics")
            ],
            activity=activities[number],
        )
        for days_ago, mode, minutes, travel in ((10, "home_visit", 60, 35), (3, "phone", 15, 0)):
            accompaniment.record_contact(
                worker,
                family,
                {
                    "date": today - timedelta(days=days_ago),
                    "mode": mode,
                    "duration_minutes": minutes,
                    "travel_minutes": travel,
                    "distance_km": travel * 0.8,
                    "needs": [need],
                    "interventions": ["listening"],
                },
            )
        priority = accompaniment.add_priority(worker, family, words, need, True)
        accompaniment.add_step(
            worker, priority, "Appeler ensemble pour se renseigner", today + timedelta(days=2)
        )
        accompaniment.add_step(
            worker, priority, "Préparer les papiers demandés", today + timedelta(days=9)
        )


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
    for name, region, milieu, codes, slug in _ORGANIZATIONS:
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
        # Law 25: the person in charge of personal information, before any family is kept.
        set_privacy_officer(
            None,
            organization,
            {
                "name": "Direction générale",
                "email": f"confidentialite.{slug}@{DEMO_DOMAIN}",
                "phone": "",
                "since": date(2025, 9, 1),
                "delegated_on": None,
            },
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
    for organization in organizations.values():
        workers = [m.user for m in Membership.objects.for_org(organization).filter(role=Role.PTP)]
        _field_work(organization, workers)
        manager = Membership.objects.for_org(organization).get(role=Role.PG).user
        _target_clientele(manager, organization)
    return people


def _target_clientele(manager, organization):
    """The families the organization aims to reach, so the evaluation's first questions
    have something to compare with (fictional figures, as the source says)."""
    create_target(
        manager,
        organization,
        {
            "name": "Familles isolées avec des enfants de 0 à 5 ans",
            "community": None,
            "valid_from": date(2025, 1, 1),
            "valid_to": None,
            "child_age_min": 0,
            "child_age_max": 5,
            "expected_birth_counts": True,
            "isolation": [Isolation.SOCIAL, Isolation.GEOGRAPHIC, Isolation.CULTURAL],
            "milieux": [],
            "immigration_contexts": [],
            "interpreter_needed": False,
            "estimated_population": 120,
            "population_source": "Estimation fictive de la démonstration",
            "population_estimated_on": date(2025, 1, 1),
        },
    )


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
