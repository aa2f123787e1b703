"""The import format: its sheets and columns, in one place.

Parsing, validation, the downloadable template and docs/import-format.md all follow this
description, so a column added here is read, checked and offered in the template at once.
Headers are French (the interface's language); each has an English alternative for people
who keep their logs in English. Both are matched without regard to case or accents.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

#: What an import brings in, counted in its report (the page and the command).
COUNT_LABELS = {
    "families": _("Families"),
    "members": _("Household members"),
    "outreach": _("Outreach activities"),
    "contacts": _("Contacts"),
    "referrals": _("Referrals"),
}

# Kinds of value; validation.py has one reader for each.
TEXT = "text"
CODE = "code"
DATE = "date"
INTEGER = "integer"
DECIMAL = "decimal"
BOOLEAN = "boolean"
CHOICE = "choice"
CHOICES = "choices"  # several values separated by ";"
EMAIL = "email"
EMAILS = "emails"
STRATEGY = "strategy"
MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class Column:
    key: str
    fr: str
    en: str
    kind: str
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Sheet:
    key: str
    fr: str
    en: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


def fold(text) -> str:
    """Compare names and labels regardless of case, accents, hyphens and spacing:
    "Porte-à-porte" and "porte a porte" are the same answer."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("-", " ").replace("_", " ")
    return " ".join(text.casefold().split())


FAMILY_CODE = Column(
    "family_code",
    "code_famille",
    "family_code",
    CODE,
    True,
    _("The family's code: in the familles sheet, or already in your organization."),
)
WORKER = Column(
    "worker",
    "intervenant",
    "worker",
    EMAIL,
    True,
    _("The e-mail address of a member of your organization (a past member is accepted)."),
)

FAMILIES = Sheet(
    "families",
    "familles",
    "families",
    (
        Column(
            "code",
            "code",
            "code",
            CODE,
            True,
            _(
                "The family's code, 2 to 12 letters, digits or hyphens, that says nothing "
                "about the family. It must not exist yet in your organization."
            ),
        ),
        Column(
            "first_contact",
            "premier_contact",
            "first_contact",
            DATE,
            True,
            _("The day of the first contact, when the family agreed to a file."),
        ),
        Column(
            "consent_method",
            "mode_consentement",
            "consent_method",
            CHOICE,
            True,
            _("How the family gave its consent to keep a file."),
        ),
        Column(
            "statistics_consent",
            "consentement_statistiques",
            "statistics_consent",
            BOOLEAN,
            False,
            _("Yes when the family agreed to be counted in de-identified statistics."),
        ),
        Column(
            "text_version",
            "version_texte",
            "text_version",
            TEXT,
            False,
            _("The version of the consent text read to the family (default: historique)."),
        ),
        Column(
            "workers",
            "intervenants",
            "workers",
            EMAILS,
            True,
            _("The e-mail addresses of the family's workers, separated by « ; »."),
        ),
        Column("status", "statut", "status", CHOICE, False, _("Default: first contact.")),
        Column(
            "status_since",
            "statut_depuis",
            "status_since",
            DATE,
            False,
            _("Required when the status is not first contact."),
        ),
        Column(
            "closure_reason",
            "raison_fermeture",
            "closure_reason",
            CHOICE,
            False,
            _("Required when the file is closed, and only then."),
        ),
        Column("entry_point", "porte_ouverte_par", "entry_point", CHOICE),
        Column(
            "strategy",
            "strategie",
            "strategy",
            STRATEGY,
            False,
            _("The name of one of your organization's outreach strategies."),
        ),
        Column(
            "municipality",
            "municipalite",
            "municipality",
            MUNICIPALITY,
            False,
            _("A municipality's name or its five-digit geographic code."),
        ),
        Column("milieu", "milieu", "milieu", CHOICE, False, _("Default: your organization's.")),
        Column("languages", "langues", "languages", TEXT),
        Column("interpreter_needed", "interprete", "interpreter_needed", BOOLEAN),
        Column("francisation", "francisation", "francisation", BOOLEAN),
        Column("immigration_context", "contexte_immigration", "immigration_context", CHOICE),
        Column("isolation", "isolement", "isolation", CHOICES),
        Column("strengths", "forces", "strengths", CHOICES),
    ),
)

MEMBERS = Sheet(
    "members",
    "membres",
    "members",
    (
        FAMILY_CODE,
        Column("role", "role", "role", CHOICE, True),
        Column("birth_year", "annee_naissance", "birth_year", INTEGER),
        Column(
            "birth_month",
            "mois_naissance",
            "birth_month",
            INTEGER,
            False,
            _("From 1 to 12, with the year."),
        ),
        Column("expected", "naissance_attendue", "expected", BOOLEAN),
    ),
)

OUTREACH = Sheet(
    "outreach",
    "demarchage",
    "outreach",
    (
        Column("date", "date", "date", DATE, True),
        WORKER,
        Column(
            "strategy",
            "strategie",
            "strategy",
            STRATEGY,
            True,
            _("The name of one of your organization's outreach strategies."),
        ),
        Column("place_type", "type_lieu", "place_type", CHOICE),
        Column(
            "municipality",
            "municipalite",
            "municipality",
            MUNICIPALITY,
            False,
            _("A municipality's name or its five-digit geographic code."),
        ),
        Column("duration_minutes", "duree_minutes", "duration_minutes", INTEGER),
        Column("people_met", "personnes_rencontrees", "people_met", INTEGER, True),
        Column(
            "families_reached",
            "familles_rejointes",
            "families_reached",
            INTEGER,
            False,
            _("Families newly reached; not more than the people met."),
        ),
        Column("note", "note", "note", TEXT, False, _("Do not name anyone here.")),
    ),
)

CONTACTS = Sheet(
    "contacts",
    "contacts",
    "contacts",
    (
        FAMILY_CODE,
        Column("date", "date", "date", DATE, True),
        WORKER,
        Column("mode", "mode", "mode", CHOICE, True),
        Column("duration_minutes", "duree_minutes", "duration_minutes", INTEGER, True),
        Column("travel_minutes", "deplacement_minutes", "travel_minutes", INTEGER),
        Column("distance_km", "distance_km", "distance_km", DECIMAL),
        Column("needs", "besoins", "needs", CHOICES),
        Column("interventions", "interventions", "interventions", CHOICES),
        Column("interpreter_used", "interprete", "interpreter_used", BOOLEAN),
    ),
)

REFERRALS = Sheet(
    "referrals",
    "references",
    "referrals",
    (
        FAMILY_CODE,
        Column("date", "date", "date", DATE, True, _("The day the referral was proposed.")),
        WORKER,
        Column("need", "besoin", "need", CHOICE, True),
        Column(
            "partner",
            "partenaire",
            "partner",
            TEXT,
            True,
            _("The partner's name, as in your directory or as you know it."),
        ),
        Column(
            "service",
            "service",
            "service",
            TEXT,
            False,
            _("The name of one of this partner's services in your directory."),
        ),
        Column(
            "status", "statut", "status", CHOICE, False, _("The final status. Default: proposed.")
        ),
        Column(
            "status_date",
            "date_statut",
            "status_date",
            DATE,
            False,
            _("The day the referral reached its status; required unless it is proposed."),
        ),
        Column(
            "reason",
            "raison",
            "reason",
            CHOICE,
            False,
            _("Required for not used and refused; allowed for withdrawn."),
        ),
        Column("accompanied", "accompagnee", "accompanied", BOOLEAN),
        Column("interpreter_used", "interprete", "interpreter_used", BOOLEAN),
        Column("transport_provided", "transport", "transport_provided", BOOLEAN),
    ),
)

SHEETS: tuple[Sheet, ...] = (FAMILIES, MEMBERS, OUTREACH, CONTACTS, REFERRALS)
SHEET_BY_NAME = {fold(name): sheet for sheet in SHEETS for name in (sheet.fr, sheet.en)}
