"""A fictional, province-sized dataset for the evaluation's benchmarks and for demonstrations.

``generate_dataset`` fills the configured database with organizations spread over Quebec's 17
regions, their teams, strategies, partner directory, families and everything that happens to
them (contacts, referrals with their history, service gaps, collaborations). Nothing in it is
real except, when the file is at hand, the municipal reference (public data).

Why rows are written with raw SQL and not through the models: a million contacts through
``bulk_create`` would cost most of the 15 minutes allowed. On PostgreSQL each table is written
with ``COPY`` (psycopg's ``cursor.copy``), elsewhere with ``executemany``; ids are explicit, so
rows can point at each other before they are written, and the sequences are moved past them at
the end. A section names the columns it draws; the writer fills every other one from the
model's field (``fillers``), so a column added to a model needs no edit here. Every constraint
and index stays in place: the database checks the data as it would check the application's.
Families carry no identity and no notes (identity is off in every generated organization), so
nothing needs encrypting.

The plan is drawn from ``random.Random`` instances seeded from ``--seed`` and the section's name,
so the same seed and end date give the same rows, and a change to one section does not reshuffle
the others.
"""

from __future__ import annotations

import bisect
import json
import random
import time
import unicodedata
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import AutoField, JSONField
from django.utils import timezone

from maillage.accompaniment.models import Contact
from maillage.accounts.models import Membership, User
from maillage.collaboration.models import Collaboration, Connection, OutOfMandateRequest
from maillage.evaluation.models import TargetDefinition
from maillage.families.models import (
    CODE_ALPHABET,
    Assignment,
    Consent,
    Family,
    Member,
    StatusChange,
)
from maillage.gaps.models import ServiceGap
from maillage.lib import referral_flow as flow
from maillage.lib.municipal_reference import parse_reference
from maillage.organizations.models import Community, Municipality, Organization, Region
from maillage.organizations.services import load_municipal_reference
from maillage.outreach.models import DefaultStrategy, OutreachActivity, Strategy
from maillage.partners.models import Location, Partner, Service
from maillage.privacy.models import PrivacyOfficer
from maillage.referrals.models import Referral, ReferralEvent


@dataclass(frozen=True)
class Scale:
    """How many rows of each kind; the per-organization numbers are averages."""

    organizations: int
    workers: int  # outreach workers (PTP); each organization also has one manager (PG)
    families: int
    members: int
    activities: int
    contacts: int
    referrals: int
    partners_per_organization: int
    collaborations_per_organization: int
    requests_per_organization: int

    def __post_init__(self):
        # Every family has at least a parent and a child, and at least one contact (the first).
        if self.members < 2 * self.families or self.contacts < self.families:
            raise ValueError("Each family needs two members and one contact at least.")
        if self.workers < self.organizations:
            raise ValueError("Each organization needs an outreach worker at least.")


SCALES = {
    "tiny": Scale(3, 6, 36, 117, 90, 300, 60, 6, 2, 2),
    "small": Scale(12, 32, 3_000, 9_750, 22_500, 75_000, 15_000, 12, 6, 4),
    "province": Scale(150, 400, 40_000, 130_000, 300_000, 1_000_000, 200_000, 20, 10, 6),
}

#: Years of history, ending on the end date (today by default).
HISTORY_DAYS = 3 * 365
BATCH = 20_000
TEXT_VERSION = "2025-01"


class Weighted:
    """Values with weights, prepared once: a draw is a bisection (millions of draws)."""

    def __init__(self, pairs):
        self.pairs = list(pairs)
        self.values = [value for value, _ in self.pairs]
        self.cumulative = list(accumulate(weight for _, weight in self.pairs))
        self.total = self.cumulative[-1]

    def __iter__(self):
        return iter(self.pairs)


# Quebec's 17 administrative regions (public facts), for the fictional municipalities.
REGIONS = [
    ("01", "Bas-Saint-Laurent"), ("02", "Saguenay–Lac-Saint-Jean"), ("03", "Capitale-Nationale"),
    ("04", "Mauricie"), ("05", "Estrie"), ("06", "Montréal"), ("07", "Outaouais"),
    ("08", "Abitibi-Témiscamingue"), ("09", "Côte-Nord"), ("10", "Nord-du-Québec"),
    ("11", "Gaspésie–Îles-de-la-Madeleine"), ("12", "Chaudière-Appalaches"), ("13", "Laval"),
    ("14", "Lanaudière"), ("15", "Laurentides"), ("16", "Montérégie"), ("17", "Centre-du-Québec"),
]  # fmt: skip
FICTIONAL_PLACES = [
    "Saint-Aubin", "Sainte-Adèle-des-Monts", "Lac-aux-Hérons", "Val-Brûlé", "Pointe-aux-Saules",
    "Saint-Firmin", "Rivière-Claire", "Notre-Dame-des-Érables", "Sainte-Zélie", "Mont-Gris",
    "Port-Alban", "Saint-Hilarion-du-Lac", "Grandes-Prairies", "Beauchemin", "L'Anse-aux-Brumes",
]  # fmt: skip

ORGANIZATION_KINDS = [
    "Maison de la famille", "Carrefour familial", "Centre communautaire famille",
    "Entraide parents", "Halte-parents", "Maison des parents", "Réseau familles",
]  # fmt: skip
FIRST_NAMES = [
    "Amélie", "Anaïs", "Béatrice", "Camille", "Chantal", "Élodie", "Geneviève", "Hélène",
    "Isabelle", "Josée", "Karine", "Laurence", "Mélanie", "Noémie", "Rosalie", "Sophie",
    "Valérie", "Alexandre", "Benoît", "Cédric", "Étienne", "François", "Gabriel", "Jérôme",
    "Mathieu", "Olivier", "Samuel", "Simon", "Fatima", "Nadia", "Karim", "Mamadou", "Linh",
    "Priya", "Rosa", "Carlos",
]  # fmt: skip
LAST_NAMES = [
    "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
    "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette",
    "Girard", "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Diallo",
    "Nguyen", "Haddad", "Rodriguez", "Joseph",
]  # fmt: skip
LANGUAGES = Weighted([
    ("français", 62), ("français, anglais", 10), ("arabe, français", 7), ("espagnol", 5),
    ("créole, français", 4), ("anglais", 4), ("dari", 2), ("tigrinya", 2), ("vietnamien", 2),
    ("ourdou, anglais", 2),
])  # fmt: skip

# A fictional partner directory: (name pattern, mandate, services as (name, needs, ages)).
PARTNER_KINDS = [
    ("CLSC de {place}", "regional", [
        ("Suivi périnatal", ["physical_health", "child_development"], (0, 2)),
        ("Services psychosociaux jeunesse", ["mental_health", "parent_child"], (None, None)),
    ]),
    ("Banque alimentaire de {place}", "local", [
        ("Dépannage alimentaire", ["food"], (None, None)),
        ("Cuisines collectives", ["food", "social_network"], (None, None)),
    ]),
    ("CPE Les Petits Pas de {place}", "local", [
        ("Places en CPE", ["childcare"], (0, 5)),
    ]),
    ("Office d'habitation de {place}", "regional", [
        ("Logement social", ["housing"], (None, None)),
    ]),
    ("Comptoir familial de {place}", "local", [
        ("Halte-garderie", ["childcare"], (0, 5)),
        ("Ateliers parents-enfants", ["parent_child", "child_development"], (0, 12)),
        ("Friperie et meubles", ["furniture"], (None, None)),
    ]),
    ("Centre d'éducation des adultes de {place}", "regional", [
        ("Francisation", ["education"], (16, None)),
        ("Formation générale", ["education", "employment"], (16, None)),
    ]),
    ("Carrefour jeunesse-emploi de {place}", "regional", [
        ("Aide à l'emploi", ["employment", "income_admin"], (16, 35)),
    ]),
    ("Aide juridique de {place}", "regional", [
        ("Consultation juridique", ["immigration_legal", "income_admin"], (None, None)),
    ]),
    ("Transport collectif de {place}", "regional", [
        ("Transport sur réservation", ["transport"], (None, None)),
    ]),
    ("Centre de femmes de {place}", "local", [
        ("Écoute et hébergement", ["safety", "mental_health"], (None, None)),
        ("Groupe d'entraide", ["social_network"], (None, None)),
    ]),
    ("Accueil des personnes immigrantes de {place}", "regional", [
        ("Soutien à l'installation", ["immigration_legal", "income_admin", "housing"],
         (None, None)),
    ]),
    ("Clinique de pédiatrie sociale de {place}", "local", [
        ("Évaluation du développement", ["child_development", "physical_health"], (0, 12)),
    ]),
]  # fmt: skip

STRATEGY_WEIGHTS = {  # outreach activities by strategy
    "school_cpe": 16, "park": 14, "food_bank": 14, "community_event": 12, "door_to_door": 8,
    "housing": 10, "public_place": 8, "clinic": 8, "word_of_mouth": 0, "partner_referral": 0,
    "social_media": 4, "other": 2,
}  # fmt: skip
PLACE_OF_STRATEGY = {
    "school_cpe": "school_cpe", "park": "park", "food_bank": "food",
    "community_event": "community", "door_to_door": "home", "housing": "housing",
    "public_place": "public", "clinic": "health", "social_media": "online", "other": "other",
}  # fmt: skip
CUSTOM_STRATEGIES = ["Halte-allaitement", "Friperie du quartier", "Marché public", "Bibliothèque"]
ENTRY_POINTS = Weighted([
    ("parent", 60), ("teenager", 6), ("grandparent", 7), ("neighbour", 8), ("caregiver", 3),
    ("partner", 12), ("other", 4),
])  # fmt: skip
ISOLATION = [
    ("social", 30), ("geographic", 22), ("cultural", 15), ("distrust", 12), ("few_services", 14),
    ("alone_despite_services", 7),
]  # fmt: skip
CONTEXT_FACTORS = [
    "financial", "mental_health", "addiction", "conjugal_violence", "neglect", "trauma",
    "single_parent", "special_needs",
]  # fmt: skip
IMMIGRATION = Weighted(
    [("", 78), ("recent", 9), ("refugee", 5), ("temporary", 5), ("precarious", 3)]
)
CLOSURES = Weighted([
    ("goals_reached", 30), ("moved", 20), ("declined", 12), ("lost_contact", 20),
    ("referred", 12), ("other", 6),
])  # fmt: skip
EXTRA_MEMBERS = Weighted([
    ("child", 45), ("parent", 20), ("teenager", 12), ("grandparent", 8), ("aunt_uncle", 5),
    ("caregiver", 4), ("other", 3), ("expected", 3),
])  # fmt: skip
CONTACT_MODES = Weighted([
    ("home_visit", 30), ("phone", 35), ("public_place", 15), ("appointment", 12), ("group", 8),
])  # fmt: skip
NEEDS = Weighted([
    ("housing", 14), ("food", 14), ("furniture", 6), ("income_admin", 11), ("transport", 9),
    ("physical_health", 6), ("mental_health", 6), ("child_development", 8), ("parent_child", 7),
    ("childcare", 8), ("education", 5), ("immigration_legal", 4), ("safety", 2),
    ("social_network", 4), ("employment", 3), ("other", 2),
])  # fmt: skip
INTERVENTIONS = Weighted([
    ("listening", 25), ("information", 18), ("accompaniment", 10), ("procedures", 12),
    ("mediation", 5), ("translation", 4), ("referral", 12), ("material_help", 8),
    ("parent_child_activity", 5), ("other", 1),
])  # fmt: skip
NON_USE_REASONS = Weighted([
    ("transport", 22), ("waiting_time", 20), ("eligibility", 10), ("language", 6), ("cost", 6),
    ("schedule", 8), ("distrust", 7), ("missing_documents", 6), ("changed_mind", 8),
    ("unreachable", 5), ("other", 2),
])  # fmt: skip
REFUSAL_REASONS = Weighted([("eligibility", 50), ("missing_documents", 20), ("waiting_time", 20),
                   ("other", 10)])  # fmt: skip
GAP_CAUSE_OF_REASON = {
    "transport": "transport", "waiting_time": "waiting_list", "eligibility": "eligibility",
    "language": "language", "cost": "cost", "schedule": "schedule",
}  # fmt: skip
COLLABORATIONS = [
    ("table", "Table de concertation petite enfance", 150),
    ("meeting", "Rencontre de partenaires", 90),
    ("joint_activity", "Fête de quartier", 240),
    ("joint_activity", "Atelier parents-enfants conjoint", 120),
    ("other", "Comité logement", 90),
]
REQUESTS = [("interpretation", 60), ("event", 180), ("transport", 45), ("replacing_staff", 240),
            ("other", 30)]  # fmt: skip


class DatasetRefused(Exception):
    """The database is not one the generator may fill (already holds data, or SQLite)."""


class MissingColumn(Exception):
    """A NOT NULL column the generator does not write, and for which the model has no default:
    the generator must be told what to write there."""


def _constant(value):
    return lambda: value


def fillers(model, named) -> dict:
    """What fills each concrete column of ``model`` that is not in ``named`` (attribute names):
    ``{attname: function of no argument}``, called once per row. The field's default (a
    callable one is called for each row, as Django does), ``None`` when the column is
    nullable, ``""`` for a text field that may be blank, the time of writing for an
    ``auto_now`` field. A column the database fills itself (``db_default``, an automatic
    primary key) is left out. So a column added to a model needs no edit in the generator
    unless it is NOT NULL without a default, which raises ``MissingColumn`` naming it."""
    named = set(named)
    result = {}
    for column in model._meta.concrete_fields:
        if column.attname in named or column.has_db_default():
            continue
        if isinstance(column, AutoField):  # numbered by the database
            continue
        if getattr(column, "auto_now", False) or getattr(column, "auto_now_add", False):
            result[column.attname] = timezone.now
        elif column.has_default() and callable(column.default):
            result[column.attname] = column.default
        elif column.has_default() or column.null or (column.blank and column.empty_strings_allowed):
            result[column.attname] = _constant(column.get_default())
        else:
            raise MissingColumn(
                f"{model._meta.label}.{column.attname} (column {column.column!r}) is NOT NULL "
                "and has no default: write it in the generator, or give the field a default."
            )
    return result


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _pick(rng: random.Random, choices):
    if not isinstance(choices, Weighted):
        choices = Weighted(choices)
    return choices.values[bisect.bisect(choices.cumulative, rng.random() * choices.total)]


def _sample_weighted(rng: random.Random, pairs, count: int) -> list:
    """``count`` distinct values, drawn with the weights (small lists only)."""
    pool = list(pairs)
    chosen = []
    while pool and len(chosen) < count:
        value = _pick(rng, pool)
        chosen.append(value)
        pool = [pair for pair in pool if pair[0] != value]
    return chosen


def _spread(rng: random.Random, total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split ``total`` into ``len(weights)`` parts of at least ``minimum``, drawn by weight."""
    parts = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    if rest < 0:
        raise ValueError("Not enough to give each part its minimum.")
    for index in rng.choices(range(len(weights)), weights=weights, k=rest):
        parts[index] += 1
    return parts


def _stamp(day: date) -> datetime:
    """Noon in Quebec (16:00 UTC): the same local day in summer and winter time."""
    return datetime(day.year, day.month, day.day, 16, tzinfo=UTC)


def _milestones(path) -> tuple[date, date | None]:
    """A family's ``opened_on`` and ``accompanied_on`` from its planned path (in date order):
    the first step's day, and the day of its first step to "accompanied" (or None)."""
    accompanied = next((day for _, to, day, _ in path if to == "accompanied"), None)
    return path[0][2], accompanied


def _plain(text: str) -> str:
    """Accent- and case-free, like the directory's search column."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate = f"{name} ({number})"
        number += 1
    taken.add(candidate)
    return candidate


def walk_referral(rng: random.Random, start: date, end: date) -> flow.Flow:
    """One referral's life from ``start``, cut at ``end`` (it may stay open), through the state
    machine itself, so every generated history is one the application accepts."""
    path = flow.Flow()
    day = start

    def move(status, reason="", after=(1, 14)):
        nonlocal day
        day = day + timedelta(days=rng.randint(*after))
        if day > end:
            return False
        path.move(status, reason, day)
        return True

    draw = rng.random()
    if draw < 0.06:
        move(flow.NOT_USED, "changed_mind", (1, 10))
    elif draw < 0.08:
        move(flow.WITHDRAWN, "", (1, 20))
    elif move(flow.ACCEPTED, after=(0, 5)) and move(flow.REQUESTED, after=(1, 10)):
        waited = rng.random() < 0.35
        if waited and not move(flow.WAITING_LIST, after=(1, 7)):
            return path
        if rng.random() < 0.6:
            if not move(flow.APPOINTMENT_SET, after=(20, 90) if waited else (3, 21)):
                return path
            if rng.random() < 0.05:
                if not move(flow.WAITING_LIST, after=(1, 5)):
                    return path
                if not move(flow.APPOINTMENT_SET, after=(10, 60)):
                    return path
        outcome = rng.random()
        if outcome < 0.70:
            move(flow.RECEIVED, after=(1, 30))
        elif outcome < 0.86:
            move(flow.NOT_USED, _pick(rng, NON_USE_REASONS), (3, 45))
        elif outcome < 0.95:
            move(flow.REFUSED, _pick(rng, REFUSAL_REASONS), (3, 30))
        else:
            move(flow.WITHDRAWN, "", (3, 30))
    return path


@dataclass
class Report:
    """What was written, table by table, and how long each took (seconds)."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


class TableWriter:
    """Writes plain rows into one model's table: ``COPY`` on PostgreSQL, ``executemany``
    elsewhere. Values are Python values; JSON columns take lists or dicts."""

    def __init__(self, connection, report: Report, say):
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.report = report
        self.say = say
        self.written_models: list = []

    def next_id(self, model) -> int:
        with self.connection.cursor() as cursor:
            table = self.connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608  # nosec B608
            return (cursor.fetchone()[0] or 0) + 1

    def write(self, label: str, model, columns: list[str], rows) -> int:
        """Write ``rows``, tuples of the values of ``columns`` in that order; every other
        column of the model is filled by ``fillers``."""
        started = time.perf_counter()
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [name for name in columns if name not in fields]
        if unknown:
            raise MissingColumn(f"{model._meta.label} has no column {', '.join(unknown)}.")
        filled = fillers(model, columns)
        if filled:
            columns = [*columns, *filled]
            makers = list(filled.values())
            rows = ((*row, *(make() for make in makers)) for row in rows)
        chosen = [fields[name] for name in columns]
        table = self.connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(self.connection.ops.quote_name(f.column) for f in chosen)
        count = 0
        with self.connection.cursor() as cursor:
            if self.postgres:
                json_at = [i for i, f in enumerate(chosen) if isinstance(f, JSONField)]
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        if json_at:
                            row = list(row)
                            for i in json_at:
                                row[i] = json.dumps(row[i], ensure_ascii=False)
                        copy.write_row(row)
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(chosen))
                sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608
                batch = []
                for row in rows:
                    batch.append(
                        [
                            f.get_db_prep_save(v, self.connection)
                            for f, v in zip(chosen, row, strict=True)
                        ]
                    )
                    if len(batch) >= BATCH:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        self.written_models.append(model)
        seconds = time.perf_counter() - started
        self.report.counts[label] = self.report.counts.get(label, 0) + count
        self.report.seconds[label] = self.report.seconds.get(label, 0.0) + seconds
        self.say(f"  {label:<28} {count:>10,} rows  {seconds:7.1f} s")
        return count

    def reset_sequences(self):
        """Move each id sequence past the explicit ids (PostgreSQL; SQLite follows by itself)."""

        if not self.postgres:
            return
        statements = self.connection.ops.sequence_reset_sql(no_style(), self.written_models)
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@dataclass
class Org:
    id: int
    region_id: int
    name: str
    milieu: str
    municipalities: list  # (id, milieu or None)
    home_name: str
    manager_id: int = 0
    workers: list = field(default_factory=list)
    strategies: dict = field(default_factory=dict)  # default code or custom name -> id
    activity_dates: list = field(default_factory=list)  # sorted (date, id, strategy id)
    partners: list = field(default_factory=list)  # partner ids
    services_by_need: dict = field(default_factory=dict)  # need -> [service ids]
    services: list = field(default_factory=list)
    community_id: int | None = None


@dataclass
class Fam:
    id: int
    org: Org
    first_day: date
    last_day: date  # the day the family was closed, or the end date
    status: str
    workers: list
    interpreter: bool
    contact_days: list = field(default_factory=list)


class DatasetGenerator:
    def __init__(self, scale: Scale, seed: int, end: date, reference: Path | None, say=print):
        self.scale = scale
        self.seed = seed
        self.end = end
        self.start = end - timedelta(days=HISTORY_DAYS)
        self.reference = reference
        self.say = say
        self.connection = connection
        self.report = Report()
        self.writer = TableWriter(connection, self.report, say)
        self.orgs: list[Org] = []
        self.families: list[Fam] = []

    def rng(self, section: str) -> random.Random:
        # Fictional data, not secrets: a seeded generator is the point (same seed, same rows).
        return random.Random(f"{self.seed}:{section}")  # noqa: S311

    # --- Checks ---------------------------------------------------------------------------------

    @staticmethod
    def check_database(scale_name: str, force: bool) -> None:
        if scale_name == "province" and connection.vendor == "sqlite":
            raise DatasetRefused(
                "The province scale needs PostgreSQL: on SQLite it would take hours. "
                "Set DATABASE_URL to a PostgreSQL database, or use --scale tiny or small."
            )
        if Organization.objects.exists() and not force:
            raise DatasetRefused(
                "This database already holds organizations. Use an empty database, "
                "or --force to add the fictional dataset beside them."
            )

    # --- The whole run -------------------------------------------------------------------------

    def run(self) -> Report:
        started = time.perf_counter()
        with transaction.atomic():
            self.municipal_reference()
            self.organizations()
            self.people()
            self.strategies()
            self.directory()
            planning = time.perf_counter()
            activities = self.plan_activities()
            families = self.plan_families(activities)
            self._timed("planning (activities, families)", planning)
            self.write_activities(activities)
            self.write_families(families)
            self.members()
            self.consents()
            self.status_changes(families)
            self.assignments()
            self.contacts()
            referrals = self.referrals()
            self.service_gaps(referrals)
            self.collaborations()
            self.target_definitions()
            self.writer.reset_sequences()
            committing = time.perf_counter()
        # Foreign keys are checked at commit (Django declares them deferrable): measured apart.
        self._timed("commit (foreign-key checks)", committing)
        self.report.seconds["total"] = time.perf_counter() - started
        return self.report

    def _timed(self, label: str, since: float) -> None:
        seconds = time.perf_counter() - since
        self.report.seconds[label] = seconds
        self.say(f"  {label:<43} {seconds:7.1f} s")

    # --- Places ---------------------------------------------------------------------------------

    def municipal_reference(self):
        started = time.perf_counter()
        if Municipality.objects.exists():
            source = "already in the database"
        elif self.reference is not None:
            load_municipal_reference(parse_reference(self.reference.read_text(encoding="utf-8")))
            source = f"loaded from {self.reference}"
        else:
            rng = self.rng("municipalities")
            regions = {}
            for code, name in REGIONS:
                regions[code], _ = Region.objects.get_or_create(code=code, defaults={"name": name})
            rows = []
            for code, _name in REGIONS:
                for number, place in enumerate(rng.sample(FICTIONAL_PLACES, 8), start=1):
                    urban = rng.random() < 0.3
                    population = rng.randint(20_000, 300_000) if urban else rng.randint(300, 9_000)
                    area = population / (rng.uniform(500, 3_000) if urban else rng.uniform(2, 60))
                    rows.append(
                        Municipality(
                            code=f"9{code}{number:02d}",
                            name=f"{place} ({code})",
                            designation="Municipalité",
                            region=regions[code],
                            mrc=f"MRC fictive {code}-{1 + number % 3}",
                            population=population,
                            land_area_km2=Decimal(f"{area:.2f}"),
                        )
                    )
            Municipality.objects.bulk_create(rows)
            source = "fictional"
        count = Municipality.objects.count()
        self.report.counts["municipalities"] = count
        self.report.seconds["municipalities"] = time.perf_counter() - started
        self.say(f"  {'municipalities (' + source + ')':<28} {count:>10,} rows")

    def organizations(self):
        rng = self.rng("organizations")
        by_region = defaultdict(list)
        for m in Municipality.objects.order_by("code"):
            by_region[m.region_id].append(m)
        regions = sorted(by_region)
        # Regions get organizations by population (at least one each while there are enough).
        weights = [max(1, sum(m.population or 0 for m in by_region[r])) ** 0.6 for r in regions]
        minimum = 1 if self.scale.organizations >= len(regions) else 0
        per_region = _spread(rng, self.scale.organizations, weights, minimum)
        taken = set(Organization.objects.values_list("name", flat=True))
        next_id = self.writer.next_id(Organization)
        link_rows = []
        for region_id, count in zip(regions, per_region, strict=True):
            places = by_region[region_id]
            for _ in range(count):
                home = rng.choices(places, weights=[(m.population or 1) ** 0.5 for m in places])[0]
                neighbours = [m for m in places if m.mrc == home.mrc and m.pk != home.pk]
                served = [home, *rng.sample(neighbours, min(len(neighbours), rng.randint(0, 5)))]
                milieux = {str(m.suggested_milieu or "rural") for m in served}
                milieu = milieux.pop() if len(milieux) == 1 else "mixte"
                name = _unique(f"{rng.choice(ORGANIZATION_KINDS)} de {home.name}", taken)
                org = Org(
                    id=next_id,
                    region_id=region_id,
                    name=name,
                    milieu=milieu,
                    municipalities=[
                        (m.pk, m.suggested_milieu and str(m.suggested_milieu)) for m in served
                    ],
                    home_name=home.name,
                )
                next_id += 1
                self.orgs.append(org)
                link_rows.extend((org.id, m.pk) for m in served)
        created = _stamp(self.start)
        self.writer.write(
            "organizations",
            Organization,
            ["id", "uuid", "name", "region_id", "milieu", "require_mfa_for_all",
             "identity_enabled", "team_visibility", "stale_after_weeks", "is_active",
             "created_at"],
            ((o.id, _uuid(rng), o.name, o.region_id, o.milieu, False, False, True, 4, True,
              created) for o in self.orgs),
        )  # fmt: skip
        through = Organization.municipalities.through
        first = self.writer.next_id(through)
        self.writer.write(
            "organizations' municipalities",
            through,
            ["id", "organization_id", "municipality_id"],
            ((first + i, o, m) for i, (o, m) in enumerate(link_rows)),
        )
        self.privacy_officers(rng)
        # One table de concertation per region that has two organizations or more.
        communities, members = [], []
        community_id = self.writer.next_id(Community)
        names = set(Community.objects.values_list("name", flat=True))
        region_names = dict(Region.objects.values_list("id", "name"))
        for region_id in regions:
            orgs = [o for o in self.orgs if o.region_id == region_id]
            if len(orgs) < 2:
                continue
            name = _unique(f"Table petite enfance — {region_names[region_id]}", names)
            communities.append((community_id, _uuid(rng), name, region_id, "", created))
            for org in orgs:
                org.community_id = community_id
                members.append((community_id, org.id))
            community_id += 1
        self.writer.write(
            "communities",
            Community,
            ["id", "uuid", "name", "region_id", "description", "created_at"],
            communities,
        )
        through = Community.organizations.through
        first = self.writer.next_id(through)
        self.writer.write(
            "communities' organizations",
            through,
            ["id", "community_id", "organization_id"],
            ((first + i, c, o) for i, (c, o) in enumerate(members)),
        )

    def privacy_officers(self, rng):
        """Each organization names its person in charge of personal information (the privacy
        app refuses families without one)."""
        officer = PrivacyOfficer
        next_id = self.writer.next_id(officer)
        self.writer.write(
            "privacy officers",
            officer,
            ["id", "uuid", "organization_id", "name", "email", "phone", "since", "delegated_on",
             "updated_by_id", "updated_at"],
            ((next_id + i, _uuid(rng), o.id, "Direction générale",
              f"confidentialite{o.id}@donnees.maillage.test", "", self.start, None, None,
              _stamp(self.start)) for i, o in enumerate(self.orgs)),
        )  # fmt: skip

    # --- People and strategies ------------------------------------------------------------------

    def people(self):
        rng = self.rng("people")
        per_org = _spread(
            rng, self.scale.workers, [rng.uniform(1, 4) for _ in self.orgs], minimum=1
        )
        emails = set(User.objects.values_list("email", flat=True))
        user_id = self.writer.next_id(User)
        membership_id = self.writer.next_id(Membership)
        users, memberships = [], []
        joined = _stamp(self.start)
        for org, worker_count in zip(self.orgs, per_org, strict=True):
            for role in ["pg"] + ["ptp"] * worker_count:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                local = _plain(f"{first}.{last}").replace(" ", "").replace("'", "")
                email = _unique(f"{local}.{user_id}@donnees.maillage.test", emails)
                users.append(
                    # No password: "!" marks it unusable (nobody logs in as a generated worker).
                    (user_id, f"!{rng.getrandbits(64):x}", None, _uuid(rng), email,
                     f"{first} {last}", True, joined)
                )  # fmt: skip
                intake_open = role == "pg" or rng.random() < 0.85
                memberships.append(
                    (membership_id, _uuid(rng), user_id, org.id, role, True, joined, None,
                     intake_open, None if intake_open else self.end - timedelta(rng.randint(1, 60)))
                )  # fmt: skip
                if role == "pg":
                    org.manager_id = user_id
                else:
                    org.workers.append(user_id)
                user_id += 1
                membership_id += 1
        self.writer.write(
            "users",
            User,
            ["id", "password", "last_login", "uuid", "email", "full_name", "is_active",
             "date_joined"],
            users,
        )  # fmt: skip
        self.writer.write(
            "memberships",
            Membership,
            ["id", "uuid", "user_id", "organization_id", "role", "is_active", "created_at",
             "deactivated_at", "intake_open", "intake_changed_on"],
            memberships,
        )  # fmt: skip

    def strategies(self):
        rng = self.rng("strategies")
        next_id = self.writer.next_id(Strategy)
        rows = []
        for org in self.orgs:
            # The defaults, as seed_strategies gives them, and now and then one of its own.
            for position, choice in enumerate(DefaultStrategy):
                rows.append((next_id, _uuid(rng), org.id, choice.value, "", True, position))
                org.strategies[choice.value] = next_id
                next_id += 1
            if rng.random() < 0.4:
                name = rng.choice(CUSTOM_STRATEGIES)
                rows.append((next_id, _uuid(rng), org.id, "", name, True, 100))
                org.strategies[name] = next_id
                next_id += 1
        self.writer.write(
            "strategies",
            Strategy,
            ["id", "uuid", "organization_id", "default", "custom_name", "is_active", "position"],
            rows,
        )

    # --- The partner directory ------------------------------------------------------------------

    def directory(self):
        rng = self.rng("directory")
        partner_id = self.writer.next_id(Partner)
        service_id = self.writer.next_id(Service)
        location_id = self.writer.next_id(Location)
        partners, services, locations, links = [], [], [], []
        verified = self.end - timedelta(days=90)
        for org in self.orgs:
            names = set()
            count = max(2, round(rng.gauss(self.scale.partners_per_organization, 2)))
            for index in range(count):
                pattern, mandate, offered = PARTNER_KINDS[
                    (index + rng.randrange(len(PARTNER_KINDS))) % len(PARTNER_KINDS)
                ]
                municipality_id, _ = rng.choice(org.municipalities)
                name = _unique(pattern.format(place=org.home_name), names)
                shared = org.community_id if rng.random() < 0.1 else None
                partners.append(
                    (partner_id, _uuid(rng), org.id, shared, "", name, "", "", "", "", [],
                     mandate, verified, {})
                )  # fmt: skip
                org.partners.append(partner_id)
                locations.append(
                    (location_id, _uuid(rng), partner_id, "", "physical", "", "", "",
                     f"{rng.randint(10, 999)}, rue Principale", org.home_name, "", "QC", "CA",
                     municipality_id, "", None, None, {})
                )  # fmt: skip
                for service_name, needs, (low, high) in offered:
                    services.append(
                        (service_id, _uuid(rng), partner_id, "", service_name, "", "", "", "",
                         "active", "", low, high, [{"code": "fr"}], "", "", "", [], "", [],
                         needs, verified, _plain(f"{service_name} {name}"), "|fr|francais|", {})
                    )  # fmt: skip
                    org.services.append(service_id)
                    for need in needs:
                        org.services_by_need.setdefault(need, []).append(service_id)
                    links.append((location_id, service_id))
                    service_id += 1
                partner_id += 1
                location_id += 1
        self.writer.write(
            "partners",
            Partner,
            ["id", "uuid", "organization_id", "shared_with_id", "hsds_id", "name",
             "alternate_name", "description", "email", "website", "phones", "mandate",
             "last_verified_on", "extra"],
            partners,
        )  # fmt: skip
        self.writer.write(
            "services",
            Service,
            ["id", "uuid", "partner_id", "hsds_id", "name", "alternate_name", "description",
             "url", "email", "status", "eligibility_description", "minimum_age", "maximum_age",
             "languages", "interpretation_services", "fees_description", "application_process",
             "required_documents", "hours", "service_areas", "needs", "last_verified_on",
             "search_text", "language_index", "extra"],
            services,
        )  # fmt: skip
        self.writer.write(
            "locations",
            Location,
            ["id", "uuid", "partner_id", "hsds_id", "location_type", "name", "description",
             "transportation", "address_1", "city", "postal_code", "state_province", "country",
             "municipality_id", "url", "latitude", "longitude", "extra"],
            locations,
        )  # fmt: skip
        through = Location.services.through
        first = self.writer.next_id(through)
        self.writer.write(
            "locations' services",
            through,
            ["id", "location_id", "service_id"],
            ((first + i, loc, svc) for i, (loc, svc) in enumerate(links)),
        )

    # --- Outreach and families (planned together: families point at activities, and an
    # activity counts the families it reached) --------------------------------------------------

    def plan_activities(self) -> list[list]:
        rng = self.rng("activities")
        per_org = _spread(rng, self.scale.activities, [len(o.workers) for o in self.orgs])
        next_id = self.writer.next_id(OutreachActivity)
        rows = []
        span = (self.end - self.start).days
        for org, count in zip(self.orgs, per_org, strict=True):
            choices = [(org.strategies[code], code, w) for code, w in STRATEGY_WEIGHTS.items() if w]
            custom = [k for k in org.strategies if k not in STRATEGY_WEIGHTS]
            choices += [(org.strategies[name], "other", 3) for name in custom]
            weights = [w for *_, w in choices]
            planned = []
            for _ in range(count):
                strategy_id, code, _ = rng.choices(choices, weights=weights)[0]
                day = self.start + timedelta(days=rng.randrange(span + 1))
                municipality_id, _ = rng.choice(org.municipalities)
                minutes = None if rng.random() < 0.03 else rng.choice((30, 45, 60, 90, 120, 180))
                planned.append(
                    [0, _uuid(rng), org.id, rng.choice(org.workers), day, strategy_id,
                     PLACE_OF_STRATEGY.get(code, "other"), municipality_id, minutes,
                     rng.randint(1, 40), 0, "", _stamp(day)]
                )  # fmt: skip
            planned.sort(key=lambda row: row[4])
            for row in planned:
                row[0] = next_id
                next_id += 1
            org.activity_dates = [(row[4], row[0], row[5]) for row in planned]
            rows.extend(planned)
        return rows

    def plan_families(self, activities: list[list]) -> list[tuple]:
        """The families, their path (status changes) and their contact days."""

        rng = self.rng("families")
        per_org = _spread(rng, self.scale.families, [len(o.workers) for o in self.orgs], minimum=1)
        activity_index = {row[0]: row for row in activities}
        next_id = self.writer.next_id(Family)
        span = (self.end - self.start).days
        rows = []
        for org, count in zip(self.orgs, per_org, strict=True):
            codes = set()
            activity_days = [day for day, _, _ in org.activity_dates]
            for _ in range(count):
                code = None
                while code is None or code in codes:
                    chars = "".join(rng.choice(CODE_ALPHABET) for _ in range(6))
                    code = f"F-{chars[:4]}-{chars[4:]}"
                codes.add(code)
                first_day = self.start + timedelta(days=rng.randrange(span))
                # Most families come from an outreach activity of the fortnight before.
                origin_activity, origin_strategy = None, None
                if rng.random() < 0.7:
                    low = bisect.bisect_left(activity_days, first_day - timedelta(days=14))
                    high = bisect.bisect_right(activity_days, first_day)
                    if high > low:
                        _, origin_activity, origin_strategy = org.activity_dates[
                            rng.randrange(low, high)
                        ]
                        activity_index[origin_activity][10] += 1
                if origin_strategy is None:
                    key = _pick(
                        rng,
                        [("word_of_mouth", 40), ("partner_referral", 35), ("social_media", 10),
                         ("other", 15)],
                    )  # fmt: skip
                    origin_strategy = org.strategies[key]
                path = self._family_path(rng, first_day)
                status, last_change = path[-1][1], path[-1][2]
                closed_on = last_change if status == "closed" else self.end
                municipality_id, municipality_milieu = rng.choice(org.municipalities)
                immigration = _pick(rng, IMMIGRATION)
                interpreter = bool(immigration) and rng.random() < 0.35
                workers = [rng.choice(org.workers)]
                if len(org.workers) > 1 and rng.random() < 0.08:
                    workers.append(rng.choice([w for w in org.workers if w != workers[0]]))
                family = Fam(next_id, org, first_day, closed_on, status, workers, interpreter)
                self.families.append(family)
                rows.append(
                    [next_id, _uuid(rng), org.id, code, status, last_change,
                     path[-1][3], _pick(rng, ENTRY_POINTS), origin_activity, origin_strategy,
                     municipality_id, municipality_milieu or org.milieu,
                     _pick(rng, LANGUAGES) if not immigration else rng.choice(
                         ["arabe, français", "espagnol", "dari", "tigrinya", "créole, français"]),
                     interpreter, bool(immigration) and rng.random() < 0.5, immigration,
                     _sample_weighted(rng, ISOLATION, rng.choice((1, 1, 2, 2, 3))),
                     rng.sample(["resilience", "practical", "mutual_aid"], rng.randint(0, 2)),
                     "", rng.sample(CONTEXT_FACTORS, rng.choice((0, 1, 1, 2, 3))),
                     None, None, None, "", "", 1, None, workers[0], _stamp(first_day), path]
                )  # fmt: skip
                next_id += 1
        # Contacts: one on the first day each, the others drawn by how long and how closely the
        # family has been followed.
        weight_of_status = {"first_contact": 0.5, "building_bond": 1.5, "accompanied": 3.0,
                            "paused": 1.0, "closed": 1.5}  # fmt: skip
        weights = [
            max(1, (f.last_day - f.first_day).days) ** 0.5 * weight_of_status[f.status]
            for f in self.families
        ]
        extra = _spread(rng, self.scale.contacts, weights, minimum=1)
        for family, row, count in zip(self.families, rows, extra, strict=True):
            span = (family.last_day - family.first_day).days
            days = [family.first_day] + [
                family.first_day + timedelta(days=rng.randint(0, span)) for _ in range(count - 1)
            ]
            days.sort()
            family.contact_days = days
            row[26] = days[-1]  # last_contact_on: the latest contact's day
        return rows

    def _family_path(self, rng, first_day) -> list[tuple]:
        """[(from, to, day, closure reason)]: first contact → bond → accompanied, some paused or
        closed, cut at the end date."""
        path = [("", "first_contact", first_day, "")]
        day = first_day

        def step(to, after, reason=""):
            nonlocal day
            day = day + timedelta(days=rng.randint(*after))
            if day > self.end:
                return False
            path.append((path[-1][1], to, day, reason))
            return True

        draw = rng.random()
        if draw < 0.08:
            step("closed", (7, 90), _pick(rng, [("lost_contact", 3), ("declined", 2)]))
        elif draw < 0.85 and step("building_bond", (3, 45)):
            if rng.random() < 0.78 and step("accompanied", (14, 120)):
                later = rng.random()
                if later < 0.12:
                    if step("paused", (30, 300)) and rng.random() < 0.5:
                        step("accompanied", (20, 120))
                elif later < 0.45:
                    step("closed", (60, 500), _pick(rng, CLOSURES))
            elif rng.random() < 0.2:
                step("closed", (20, 200), _pick(rng, [("lost_contact", 3), ("declined", 2)]))
        return path

    def write_activities(self, rows):
        for row in rows:  # each family reached was among the people met
            row[9] = max(row[9], row[10])
        self.writer.write(
            "outreach activities",
            OutreachActivity,
            ["id", "uuid", "organization_id", "worker_id", "date", "strategy_id", "place_type",
             "municipality_id", "duration_minutes", "people_met", "families_reached", "note",
             "created_at"],
            rows,
        )  # fmt: skip

    def write_families(self, rows):
        self.writer.write(
            "families",
            Family,
            ["id", "uuid", "organization_id", "code", "status", "status_changed_on",
             "closure_reason", "entry_point", "origin_activity_id", "origin_strategy_id",
             "municipality_id", "milieu", "languages", "interpreter_needed", "francisation",
             "immigration_context", "isolation", "strengths", "strengths_note",
             "context_factors", "nickname", "phone", "address", "nickname_index",
             "phone_index", "version", "last_contact_on", "created_by_id", "created_at",
             "opened_on", "accompanied_on"],
            ((*row[:29], *_milestones(row[29])) for row in rows),
        )  # fmt: skip

    def status_changes(self, family_rows):
        next_id = self.writer.next_id(StatusChange)

        def rows():
            nonlocal next_id
            for family, row in zip(self.families, family_rows, strict=True):
                for from_status, to_status, day, reason in row[29]:
                    yield (next_id, family.id, from_status, to_status, reason, day,
                           family.workers[0], _stamp(day))  # fmt: skip
                    next_id += 1

        self.writer.write(
            "status changes",
            StatusChange,
            ["id", "family_id", "from_status", "to_status", "reason", "changed_on",
             "changed_by_id", "changed_at"],
            rows(),
        )  # fmt: skip

    def members(self):
        rng = self.rng("members")
        extra = _spread(rng, self.scale.members - 2 * len(self.families), [1] * len(self.families))
        year = self.end.year
        next_id = self.writer.next_id(Member)

        def member(role):
            month = rng.randint(1, 12) if rng.random() < 0.8 else None
            expected = role == "expected"
            if expected:
                due = self.end + timedelta(days=rng.randint(15, 240))
                return "child", due.year, due.month, True
            low, high = {
                "child": (0, 12), "teenager": (13, 17), "parent": (17, 50),
                "grandparent": (45, 80), "aunt_uncle": (18, 60), "caregiver": (25, 75),
                "other": (0, 80),
            }[role]  # fmt: skip
            return role, year - rng.randint(low, high), month, False

        def rows():
            nonlocal next_id
            for family, count in zip(self.families, extra, strict=True):
                roles = ["parent", "child"] + [_pick(rng, EXTRA_MEMBERS) for _ in range(count)]
                for role in roles:
                    if role == "child" and rng.random() < 0.7:  # most children are 0–5
                        role_, birth_year, month, expected = (
                            "child",
                            year - rng.randint(0, 5),
                            rng.randint(1, 12),
                            False,
                        )
                    else:
                        role_, birth_year, month, expected = member(role)
                    yield (next_id, _uuid(rng), family.id, role_, birth_year, month, expected)
                    next_id += 1

        self.writer.write(
            "members",
            Member,
            ["id", "uuid", "family_id", "role", "birth_year", "birth_month", "expected"],
            rows(),
        )

    def consents(self):
        rng = self.rng("consents")
        next_id = self.writer.next_id(Consent)

        def rows():
            nonlocal next_id
            for family in self.families:
                given = family.first_day
                worker = family.workers[0]
                method = "written" if rng.random() < 0.3 else "verbal"
                grants = [("file", "", None)]
                # Most, not all, families agree to be counted in de-identified statistics.
                if rng.random() < 0.86:
                    withdrawn = None
                    if rng.random() < 0.03 and family.last_day > given:
                        withdrawn = given + timedelta(
                            days=rng.randint(1, (family.last_day - given).days)
                        )
                    grants.append(("statistics", "", withdrawn))
                if family.org.partners and rng.random() < 0.12:
                    grants.append(("share", "CLSC", None))
                for purpose, partner, withdrawn in grants:
                    yield (next_id, _uuid(rng), family.id, purpose, partner, given, method,
                           TEXT_VERSION, None, withdrawn, worker, _stamp(given))  # fmt: skip
                    next_id += 1

        self.writer.write(
            "consents",
            Consent,
            ["id", "uuid", "family_id", "purpose", "partner_name", "given_on", "method",
             "text_version", "expires_on", "withdrawn_on", "recorded_by_id", "recorded_at"],
            rows(),
        )  # fmt: skip

    def assignments(self):
        next_id = self.writer.next_id(Assignment)

        def rows():
            nonlocal next_id
            for family in self.families:
                for worker in family.workers:
                    yield (next_id, family.id, worker, family.first_day, None)
                    next_id += 1

        self.writer.write(
            "assignments",
            Assignment,
            ["id", "family_id", "worker_id", "since", "handover_note"],
            rows(),
        )

    def contacts(self):
        rng = self.rng("contacts")
        next_id = self.writer.next_id(Contact)
        durations = {
            "home_visit": (45, 120), "phone": (5, 30), "public_place": (30, 90),
            "appointment": (60, 180), "group": (60, 150),
        }  # fmt: skip
        travels = {"home_visit", "appointment", "public_place"}

        # The application records a contact on the day it happens, so in use the table lies
        # in the order of dates (a period's contacts together on disk) and ids grow with
        # them: the rows are written day by day, not family by family.
        schedule = sorted(
            (day, index)
            for index, family in enumerate(self.families)
            for day in family.contact_days
        )

        def rows():
            nonlocal next_id
            for day, index in schedule:
                family = self.families[index]
                rural = family.org.milieu == "rural"
                mode = _pick(rng, CONTACT_MODES)
                low, high = durations[mode]
                travel, km = 0, Decimal("0.0")
                if mode in travels:
                    travel = rng.randint(20, 75) if rural else rng.randint(5, 35)
                    km = Decimal(round(travel * rng.uniform(0.4, 1.1), 1)).quantize(Decimal("0.1"))
                needs = [_pick(rng, NEEDS) for _ in range(rng.choice((0, 1, 1, 2)))]
                row = (
                    next_id, _uuid(rng), family.id, rng.choice(family.workers), day, mode,
                    rng.randint(low, high), travel, km, sorted(set(needs)),
                    sorted({_pick(rng, INTERVENTIONS) for _ in range(rng.choice((1, 1, 2)))}),
                    family.interpreter and rng.random() < 0.6, None, _stamp(day),
                )  # fmt: skip
                copies = Contact.copies(family.org.id, needs=row[9], interventions=row[10])
                yield (*row, *copies.values())
                next_id += 1

        self.writer.write(
            "contacts",
            Contact,
            ["id", "uuid", "family_id", "worker_id", "date", "mode", "duration_minutes",
             "travel_minutes", "distance_km", "needs", "interventions", "interpreter_used",
             "note", "created_at", *Contact.copies(None, needs=(), interventions=())],
            rows(),
        )  # fmt: skip

    # --- Target clientele ----------------------------------------------------------------------

    def target_definitions(self):
        """Two definitions per organization, one after the other: the first year aimed at
        families with children of 0 to 5 isolated in one of two ways; since then, wider
        isolation and, now and then, the municipalities where the need is greatest. Each
        with an estimate of the families aimed at on the territory."""

        rng = self.rng("targets")
        next_id = self.writer.next_id(TargetDefinition)
        rows, places = [], []
        switch = self.start + timedelta(days=365)
        families_of = Counter(family.org.id for family in self.families)
        for org in self.orgs:
            families = families_of[org.id]
            for valid_from, valid_to, isolation in (
                (self.start, switch - timedelta(days=1), ["social", "geographic"]),
                (switch, None, sorted(rng.sample([v for v, _ in ISOLATION], rng.randint(3, 5)))),
            ):  # fmt: skip
                rows.append(
                    (next_id, _uuid(rng), org.id, org.community_id if rng.random() < 0.3 else None,
                     f"Familles isolées 0-5 ans ({valid_from.year})", valid_from, valid_to, 0, 5,
                     True, isolation, [], [], False,
                     max(10, round(families * rng.uniform(1.5, 4))), rng.choice(TARGET_SOURCES),
                     valid_from, org.manager_id, _stamp(valid_from), _stamp(valid_from))
                )  # fmt: skip
                if valid_to is None and len(org.municipalities) > 1 and rng.random() < 0.4:
                    places.extend((next_id, m) for m, _ in org.municipalities[:2])
                next_id += 1
        self.writer.write(
            "target definitions",
            TargetDefinition,
            ["id", "uuid", "organization_id", "community_id", "name", "valid_from", "valid_to",
             "child_age_min", "child_age_max", "expected_birth_counts", "isolation", "milieux",
             "immigration_contexts", "interpreter_needed", "estimated_population",
             "population_source", "population_estimated_on", "created_by_id", "created_at",
             "updated_at"],
            rows,
        )  # fmt: skip
        through = TargetDefinition.municipalities.through
        first = self.writer.next_id(through)
        self.writer.write(
            "target definitions' places",
            through,
            ["id", *[f.attname for f in through._meta.concrete_fields if f.attname != "id"]],
            ((first + i, *row) for i, row in enumerate(places)),
        )

    # --- Referrals, gaps, collaborations --------------------------------------------------------

    def referrals(self) -> list[tuple]:
        """Write the referrals and their events; return (id, org, need, status, reason, family)
        of each, for the service gaps."""

        rng = self.rng("referrals")
        weight_of_status = {"first_contact": 0.2, "building_bond": 1.0, "accompanied": 3.0,
                            "paused": 1.5, "closed": 1.5}  # fmt: skip
        per_family = _spread(
            rng, self.scale.referrals, [weight_of_status[f.status] for f in self.families]
        )
        referral_id = self.writer.next_id(Referral)
        event_id = self.writer.next_id(ReferralEvent)
        referrals, events, summary = [], [], []
        for family, count in zip(self.families, per_family, strict=True):
            span = (family.last_day - family.first_day).days
            for _ in range(count):
                need = _pick(rng, NEEDS)
                created = family.first_day + timedelta(days=rng.randint(0, span))
                worker = rng.choice(family.workers)
                candidates = family.org.services_by_need.get(need) or family.org.services
                outside = not candidates or rng.random() < 0.04
                path = walk_referral(rng, created, self.end)
                last_day = path.history[-1].on or created
                follow_up = last_day + timedelta(days=14) if path.status in flow.OPEN else None
                referrals.append(
                    (referral_id, _uuid(rng), family.id, need,
                     None if outside else rng.choice(candidates),
                     "Organisme hors répertoire" if outside else "", path.status, follow_up,
                     rng.random() < 0.3, family.interpreter and rng.random() < 0.5,
                     rng.random() < 0.1, False, worker, created, _stamp(created),
                     *Referral.copies(family.org.id).values())
                )  # fmt: skip
                for entry in path.history:
                    day = entry.on or created
                    events.append(
                        (event_id, referral_id, entry.from_status, entry.to_status, entry.reason,
                         None, day, worker, _stamp(day))
                    )  # fmt: skip
                    event_id += 1
                summary.append(
                    (referral_id, family.org, need, path.status, path.history[-1].reason, last_day)
                )
                referral_id += 1
        # Written in the order the application would have written them: by day.
        referrals.sort(key=lambda row: (row[13], row[0]))
        events.sort(key=lambda row: (row[6], row[0]))
        self.writer.write(
            "referrals",
            Referral,
            ["id", "uuid", "family_id", "need", "service_id", "partner_name", "status",
             "follow_up_on", "accompanied", "interpreter_used", "transport_provided",
             "information_only", "created_by_id", "created_on", "created_at",
             *Referral.copies(None)],
            referrals,
        )  # fmt: skip
        self.writer.write(
            "referral events",
            ReferralEvent,
            ["id", "referral_id", "from_status", "to_status", "reason", "note", "on", "by_id",
             "at"],
            events,
        )  # fmt: skip
        return summary

    def service_gaps(self, referrals):
        """Per organization, its most frequent structural reasons for not getting a service
        become gaps (confirmed or still suggested), and one gap is raised by hand."""

        rng = self.rng("gaps")
        groups = defaultdict(list)
        for referral_id, org, need, status, reason, day in referrals:
            if status in (flow.NOT_USED, flow.REFUSED) and reason in GAP_CAUSE_OF_REASON:
                groups[(org.id, need, GAP_CAUSE_OF_REASON[reason])].append((referral_id, day))
        gap_id = self.writer.next_id(ServiceGap)
        gaps, links = [], []
        for org in self.orgs:
            mine = sorted(
                ((key, ids) for key, ids in groups.items() if key[0] == org.id),
                key=lambda item: (-len(item[1]), item[0]),
            )
            home_municipality = org.municipalities[0][0]
            for (_, need, cause), ends in mine[:3]:
                if len(ends) < 2:
                    continue
                # Raised when the second referral of the kind failed: a pattern, not a case.
                ends.sort(key=lambda end: end[1])
                raised = ends[1][1]
                status = "confirmed" if rng.random() < 0.6 else "suggested"
                gaps.append(
                    (gap_id, _uuid(rng), org.id, need, home_municipality, "", None, cause, "",
                     rng.randint(0, 4), None, "", status, None, _stamp(raised))
                )  # fmt: skip
                links.extend((gap_id, referral) for referral, _ in ends[:50])
                gap_id += 1
            raised = self.start + timedelta(days=rng.randrange(HISTORY_DAYS))
            gaps.append(
                (gap_id, _uuid(rng), org.id, "transport", None, "", org.region_id, "no_service",
                 "Aucun transport collectif le soir.", rng.randint(3, 25), raised, "",
                 "confirmed", None, _stamp(raised))
            )  # fmt: skip
            gap_id += 1
        self.writer.write(
            "service gaps",
            ServiceGap,
            ["id", "uuid", "organization_id", "need", "municipality_id", "mrc", "region_id",
             "cause", "description", "families_added", "raised_at_table_on", "action_taken",
             "status", "merged_into_id", "created_at"],
            gaps,
        )  # fmt: skip
        through = ServiceGap.referrals.through
        first = self.writer.next_id(through)
        self.writer.write(
            "service gaps' referrals",
            through,
            ["id", "servicegap_id", "referral_id"],
            ((first + i, g, r) for i, (g, r) in enumerate(links)),
        )

    def collaborations(self):
        rng = self.rng("collaborations")
        collaboration_id = self.writer.next_id(Collaboration)
        request_id = self.writer.next_id(OutOfMandateRequest)
        span = (self.end - self.start).days
        collaborations, present, connections, requests = [], [], [], []
        for org in self.orgs:
            for _ in range(self.scale.collaborations_per_organization):
                kind, title, minutes = rng.choice(COLLABORATIONS)
                day = self.start + timedelta(days=rng.randrange(span + 1))
                collaborations.append(
                    (collaboration_id, _uuid(rng), org.id, rng.choice(org.workers), day, kind,
                     title, "", "", minutes, "", _stamp(day))
                )  # fmt: skip
                chosen = sorted(rng.sample(org.partners, min(len(org.partners), rng.randint(2, 4))))
                present.extend((collaboration_id, partner) for partner in chosen)
                if len(chosen) >= 2:
                    connections.append((collaboration_id, chosen[0], chosen[1]))
                collaboration_id += 1
            for _ in range(self.scale.requests_per_organization):
                kind, minutes = rng.choice(REQUESTS)
                day = self.start + timedelta(days=rng.randrange(span + 1))
                in_directory = rng.random() < 0.8
                requests.append(
                    (request_id, _uuid(rng), org.id, rng.choice(org.workers), day,
                     rng.choice(org.partners) if in_directory else None,
                     "" if in_directory else "Clinique privée", kind, "", minutes,
                     "accepted" if rng.random() < 0.7 else "declined", _stamp(day))
                )  # fmt: skip
                request_id += 1
        self.writer.write(
            "collaborations",
            Collaboration,
            ["id", "uuid", "organization_id", "worker_id", "date", "kind", "title", "subjects",
             "other_partners", "duration_minutes", "follow_ups", "created_at"],
            collaborations,
        )  # fmt: skip
        through = Collaboration.partners.through
        first = self.writer.next_id(through)
        self.writer.write(
            "collaborations' partners",
            through,
            ["id", "collaboration_id", "partner_id"],
            ((first + i, c, p) for i, (c, p) in enumerate(present)),
        )
        first = self.writer.next_id(Connection)
        self.writer.write(
            "connections",
            Connection,
            ["id", "collaboration_id", "partner_a_id", "partner_b_id"],
            ((first + i, *row) for i, row in enumerate(connections)),
        )
        self.writer.write(
            "out-of-mandate requests",
            OutOfMandateRequest,
            ["id", "uuid", "organization_id", "worker_id", "date", "partner_id", "partner_name",
             "kind", "description", "minutes_spent", "decision", "created_at"],
            requests,
        )  # fmt: skip


TARGET_SOURCES = [
    "Statistique Canada, recensement 2021 (estimation de l'organisme)",
    "Portrait de la petite enfance du CISSS",
    "Estimation de la table de concertation",
]


def count_rows() -> dict[str, int]:
    """Rows per generated table, for the command's summary and the tests."""

    reason = "counting the generated dataset"
    return {
        "organizations": Organization.objects.count(),
        "families": Family.objects.across_organizations(reason).count(),
        "members": Member.objects.across_organizations(reason).count(),
        "outreach activities": OutreachActivity.objects.across_organizations(reason).count(),
        "contacts": Contact.objects.across_organizations(reason).count(),
        "referrals": Referral.objects.across_organizations(reason).count(),
    }
