"""The answer to an access or portability request: what the family's file holds that was
collected from the person, as JSON, as CSV files in a ZIP, and as a plain-language PDF.

What goes in is chosen by the privacy inventory (``maillage/privacy/inventory.py``): the
fields whose source is "collected from the person" on the family, its consents and its plan.
Fields a worker produced (observations, assessments) are the organization's work, not what
the Act's portability covers; they stay out of the structured answer.

Third parties are protected by default (s. 39–40 of the Act):

* another adult of the household appears by role and age band only — the request comes from
  one person, and the others' dates of birth are theirs;
* the team's notes are left out unless the manager ticks "include notes" after reading them
  (a note may concern someone's safety);
* reports to the DPJ are left out unless the manager ticks them in: the Youth Protection Act
  protects the reporter's identity, and a family told too early may put a child at risk.

The family's identity (encrypted) appears only when the organization records identity and
the manager may see it. Every value is built inside ``translation.override(language)`` so
that labels and choices read in the family's language.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maillage.families.models import IDENTITY_FIELDS
from maillage.lib.pdf import html_to_pdf
from maillage.lib.spreadsheet import excel_csv
from maillage.privacy.inventory import INVENTORY, Source

from .models import AccessRequest, LegalBasis

SCHEMA_VERSION = "1"
SCHEMA_PATH = Path(__file__).with_name("schema") / "family-file.schema.json"
STYLESHEET = Path(__file__).with_name("print.css")
ADULT_ROLES = ("parent", "grandparent", "aunt_uncle", "caregiver")
ADULT_AGE = 18
#: Age bands that say how old another adult is without giving their date of birth.
ADULT_BANDS = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 64))


@dataclass(frozen=True)
class Options:
    include_notes: bool = False
    include_dpj: bool = False


@dataclass
class Column:
    key: str
    label: str


@dataclass
class Section:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)

    def display_rows(self) -> list[list[str]]:
        return [[_display(row[c.key]) for c in self.columns] for row in self.rows]


@dataclass
class Answer:
    request: AccessRequest
    options: Options
    identity_shown: bool
    generated_on: date
    sections: list[Section]
    adults_redacted: int
    notes_left_out: int
    # Reports to the DPJ left out are never counted here: saying that a report was withheld
    # would tell the family it exists. The request's page tells the manager how many the
    # file holds.

    @property
    def family(self):
        return self.request.family

    def as_dict(self) -> dict:
        request = self.request
        return {
            "schema_version": SCHEMA_VERSION,
            "language": request.language,
            "generated_on": self.generated_on.isoformat(),
            "organization": request.organization.name,
            "family_code": request.family.code,
            "request": {
                "kind": request.kind,
                "received_on": request.received_on.isoformat(),
                "due_on": request.due_on.isoformat(),
            },
            "withheld": {
                "other_adults_details": self.adults_redacted,
                "notes": self.notes_left_out,
                "identity": not self.identity_shown,
            },
            "sections": {section.key: section.rows for section in self.sections},
        }


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    return str(value)


def _value(instance, name: str):
    """A field's value for the answer: choices and links in words, dates in ISO format."""
    model_field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if model_field.choices and value not in (None, ""):
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(model_field, models.ForeignKey):
        return str(value) if value is not None else None
    if isinstance(value, date):
        return value.isoformat()
    return value


def person_fields(model_label: str, *, skip=()) -> list[tuple[str, str]]:
    """(field, label) of the fields the inventory says were collected from the person."""
    return [
        (item.field, str(item.label))
        for item in INVENTORY
        if item.model == model_label and item.source == Source.PERSON and item.field not in skip
    ]


def _section_from(key, title, model_label, instances, *, skip=()) -> Section:
    fields = person_fields(model_label, skip=skip)
    return Section(
        key=key,
        title=title,
        columns=[Column(name, label.capitalize()) for name, label in fields],
        rows=[{name: _value(instance, name) for name, _l in fields} for instance in instances],
    )


def adult_band(age: int | None) -> str | None:
    if age is None:
        return None
    for low, high in ADULT_BANDS:
        if low <= age <= high:
            return f"{low}–{high}"
    return "65+" if age >= 65 else None


def _is_adult(member, today) -> bool:
    age = member.age_on(today)
    if age is not None:
        return age >= ADULT_AGE
    return member.role in ADULT_ROLES and not member.expected


def _members(family, today) -> tuple[Section, int]:
    section = Section(
        key="members",
        title=_("The household"),
        columns=[
            Column("role", _("Role")),
            Column("age_band", _("Age band")),
            Column("birth_year", _("Year of birth")),
            Column("birth_month", _("Month of birth")),
            Column("expected", _("Expected birth")),
            Column("details_withheld", _("Details withheld")),
        ],
    )
    redacted = 0
    for member in family.members.all():
        adult = _is_adult(member, today)
        redacted += adult
        section.rows.append(
            {
                "role": member.get_role_display(),
                "age_band": adult_band(member.age_on(today)) if adult else None,
                "birth_year": None if adult else member.birth_year,
                "birth_month": None if adult else member.birth_month,
                "expected": member.expected,
                "details_withheld": adult,
            }
        )
    return section, redacted


def build_answer(request: AccessRequest, *, identity_allowed: bool, options: Options) -> Answer:
    """Gather the answer in the request's language (call it once; the rows are plain data)."""
    family = request.family
    today = timezone.localdate()
    identity_shown = identity_allowed and request.organization.identity_enabled
    with translation.override(request.language):
        skip = () if identity_shown else IDENTITY_FIELDS
        sections = [
            _section_from("family", _("Your family"), "families.Family", [family], skip=skip)
        ]
        members, adults = _members(family, today)
        sections.append(members)
        sections.append(
            _section_from("consents", _("Your consents"), "families.Consent", family.consents.all())
        )
        sections.append(
            _section_from(
                "plan", _("Your priorities"), "accompaniment.Priority", family.priorities.all()
            )
        )
        contacts = [c for c in family.contacts.order_by("date", "id") if c.note]
        notes = Section(
            key="notes",
            title=_("Notes of the team"),
            columns=[Column("date", _("Date")), Column("note", _("Note"))],
            rows=[{"date": c.date.isoformat(), "note": c.note} for c in contacts]
            if options.include_notes
            else [],
        )
        sections.append(notes)
        disclosures = list(family.disclosures.all())
        shown = [d for d in disclosures if options.include_dpj or d.legal_basis != LegalBasis.DPJ]
        sections.append(
            Section(
                key="disclosures",
                title=_("Information communicated without your consent"),
                columns=[
                    Column("sent_on", _("Date")),
                    Column("legal_basis", _("Legal basis")),
                    Column("recipient", _("Recipient")),
                    Column("content", _("What was sent")),
                ],
                rows=[
                    {
                        "sent_on": d.sent_on.isoformat(),
                        "legal_basis": d.get_legal_basis_display(),
                        "recipient": d.recipient,
                        "content": d.content,
                    }
                    for d in shown
                ],
            )
        )
    return Answer(
        request=request,
        options=options,
        identity_shown=identity_shown,
        generated_on=today,
        sections=sections,
        adults_redacted=adults,
        notes_left_out=0 if options.include_notes else len(contacts),
    )


def as_json(answer: Answer) -> bytes:
    return json.dumps(answer.as_dict(), ensure_ascii=False, indent=2).encode()


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_csv_zip(answer: Answer) -> bytes:
    """One CSV per section (header: the keys of the JSON schema), plus the JSON schema, so that
    whoever receives the files can read them without us."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for section in answer.sections:
            rows = [[_csv_cell(row[c.key]) for c in section.columns] for row in section.rows]
            content = excel_csv([[c.key for c in section.columns], *rows])
            archive.writestr(f"{section.key}.csv", content)
        archive.writestr("family-file.schema.json", SCHEMA_PATH.read_text())
    return buffer.getvalue()


def render_html(answer: Answer) -> str:
    with translation.override(answer.request.language):
        return render_to_string(
            "rights/print/answer.html",
            {
                "answer": answer,
                "request": answer.request,
                "family": answer.family,
                "received": date_format(answer.request.received_on, "DATE_FORMAT"),
                "generated": date_format(answer.generated_on, "DATE_FORMAT"),
                "sections": [(s, s.display_rows()) for s in answer.sections],
            },
        )


def as_pdf(answer: Answer) -> bytes:
    return html_to_pdf(render_html(answer), [STYLESHEET])


def filename(answer: Answer, extension: str) -> str:
    return f"file-{answer.family.code}-{answer.generated_on.isoformat()}.{extension}"
