"""Reading, checking and writing the Open Referral HSDS 3.0 (JSON documents and the CSV package).

Django-free except for the lazy translation of messages: parsing and validation
need no database and no settings. Validation follows the rules of the HSDS 3.0
schemas that Maillage relies on (required fields, enumerations, types, uuid ids),
written down here in ``RULES`` so the product works without the schema files;
``rules_from_schema`` derives the same rules from the schema files at run time,
and a test checks the two agree.

Shapes: an *organization document* is a dict as in the specification's
``organization_full.json`` (nested ``services`` and ``locations``); a file may
hold one, a list of them, or a page (``{"contents": [...]}``). The CSV package
is converted to the same nested documents, so both formats share one validator
and one importer.

What the round trip keeps and what it does not (see ``services.py`` for the mapping):

* every property of an organization, service or location that Maillage does not model is kept
  in ``extra`` and exported back as it came (contacts, funding, programs, accessibility, …);
* phones, languages, required documents, service areas and service_at_locations are kept whole
  (JSON lists); schedules are kept whole until someone edits a service's hours in the form,
  which then replace them by one schedule with a description;
* a location's first address fills the address fields; the other addresses are kept whole;
* latitude and longitude are kept to 6 decimals; ``assured_date`` is the service's
  "last verified on";
* the CSV package is read and written as its ten tables named in ``CSV_TABLES``; the other tables
  (accessibility, attributes, contacts, cost_options, funding, metadata, organization_identifiers,
  programs, taxonomies, taxonomy_terms, meta_table_descriptions) are ignored on import and not
  written on export, and what a JSON import kept of them in ``extra`` goes to JSON exports only;
* a CSV phone, language or schedule row that names several parents is attached to the first one
  (its ``*_id`` columns are kept, so the CSV package comes back the same; a JSON export shows it
  once);
* a service's needs (Maillage's needs taxonomy, ``maillage/core/taxonomy.py``) are exported as
  HSDS attributes linking the service to the terms of one taxonomy, "Maillage needs", whose ids
  are fixed (``NEEDS_TAXONOMY_ID``, ``need_term_id``), so an export imports back onto the same
  needs, in JSON (``attributes`` of the service, each with its ``taxonomy_term``) and in the CSV
  package (``attributes.csv``, ``taxonomy_terms.csv``, ``taxonomies.csv``); attributes of other
  taxonomies are kept as before (JSON) or ignored (CSV);
* the other things Maillage adds to HSDS (the local or regional mandate, the municipality, the
  partner's "last verified on", the community it is shared with) are not exported, except that a
  location's municipality becomes the address's city when the city is empty;
* the JSON export is a list of organization documents (not the paginated page of
  ``organization_list.json``, which the import also accepts).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from maillage.lib.spreadsheet import neutralize, restore
from maillage.lib.uploads import DAMAGED_MEMBER, is_zip

UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)

# The rules Maillage relies on, from the HSDS 3.0 schemas (schema/<entity>.json).
# types: "string", "number", "integer", "array"; formats: "uuid", "date".
RULES = {
    "organization": {
        "required": ["id", "name", "description"],
        "enum": {},
        "types": {
            "id": ("string", "uuid"),
            "name": ("string", None),
            "alternate_name": ("string", None),
            "description": ("string", None),
            "email": ("string", None),
            "website": ("string", None),
            "year_incorporated": ("number", None),
            "parent_organization_id": ("string", "uuid"),
            "phones": ("array", None),
            "locations": ("array", None),
            "services": ("array", None),
        },
    },
    "service": {
        "required": ["id", "name", "status"],
        "enum": {"status": ["active", "inactive", "defunct", "temporarily closed"]},
        "types": {
            "id": ("string", "uuid"),
            "organization_id": ("string", "uuid"),
            "program_id": ("string", "uuid"),
            "name": ("string", None),
            "alternate_name": ("string", None),
            "description": ("string", None),
            "url": ("string", None),
            "email": ("string", None),
            "eligibility_description": ("string", None),
            "minimum_age": ("number", None),
            "maximum_age": ("number", None),
            "assured_date": ("string", "date"),
            "phones": ("array", None),
            "schedules": ("array", None),
            "service_areas": ("array", None),
            "service_at_locations": ("array", None),
            "languages": ("array", None),
            "required_documents": ("array", None),
        },
    },
    "location": {
        "required": ["id", "location_type"],
        "enum": {"location_type": ["physical", "postal", "virtual"]},
        "types": {
            "id": ("string", "uuid"),
            "organization_id": ("string", "uuid"),
            "name": ("string", None),
            "description": ("string", None),
            "transportation": ("string", None),
            "url": ("string", None),
            "latitude": ("number", None),
            "longitude": ("number", None),
            "languages": ("array", None),
            "addresses": ("array", None),
            "phones": ("array", None),
            "schedules": ("array", None),
        },
    },
    "phone": {
        "required": ["id", "number"],
        "enum": {},
        "types": {
            "id": ("string", "uuid"),
            "number": ("string", None),
            "extension": ("number", None),
            "languages": ("array", None),
        },
    },
    "address": {
        "required": [
            "id",
            "address_1",
            "city",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ],
        "enum": {"address_type": ["physical", "postal", "virtual"]},
        "types": {"id": ("string", "uuid"), "location_id": ("string", "uuid")},
    },
    "language": {
        "required": ["id"],
        "enum": {},
        "types": {"id": ("string", "uuid"), "name": ("string", None), "code": ("string", None)},
    },
    "schedule": {
        "required": ["id"],
        "enum": {},
        "types": {
            "id": ("string", "uuid"),
            "description": ("string", None),
            "opens_at": ("string", None),
            "closes_at": ("string", None),
        },
    },
    "service_area": {
        "required": ["id"],
        "enum": {},
        "types": {"id": ("string", "uuid"), "service_id": ("string", "uuid")},
    },
    "service_at_location": {
        "required": ["id"],
        "enum": {},
        "types": {
            "id": ("string", "uuid"),
            "service_id": ("string", "uuid"),
            "location_id": ("string", "uuid"),
        },
    },
    "required_document": {
        "required": ["id"],
        "enum": {},
        "types": {"id": ("string", "uuid"), "service_id": ("string", "uuid")},
    },
}

# Lengths of the model fields the importer fills (a longer value would fail at the database).
MAX_LENGTHS = {
    "organization": {"name": 300, "alternate_name": 300, "email": 254, "website": 500},
    "service": {
        "name": 300,
        "alternate_name": 300,
        "url": 500,
        "email": 254,
        "interpretation_services": 500,
    },
    "location": {"name": 300, "url": 500},
    "address": {
        "address_1": 300,
        "city": 150,
        "postal_code": 20,
        "state_province": 100,
        "country": 2,
    },
}

# Fields Maillage shows as links or mail addresses: checked more strictly than the schema's
# "uri"/"email" formats, so an import cannot put a "javascript:" link in a page.
WEB_FIELDS = {"organization": ("website",), "service": ("url",), "location": ("url",)}
EMAIL_FIELDS = {"organization": ("email",), "service": ("email",)}
WEB_RE = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# The CSV package: file name → entity (and the column naming the row's parent).
CSV_TABLES = {
    "organizations.csv": "organization",
    "services.csv": "service",
    "locations.csv": "location",
    "phones.csv": "phone",
    "addresses.csv": "address",
    "languages.csv": "language",
    "service_at_location.csv": "service_at_location",
    "required_documents.csv": "required_document",
    "schedules.csv": "schedule",
    "service_areas.csv": "service_area",
}
ENTITY_TABLE = {entity: name for name, entity in CSV_TABLES.items()}
# The tables that carry Maillage's needs in the CSV package (read and written for them only).
NEEDS_TABLES = {
    "attributes.csv": "attribute",
    "taxonomy_terms.csv": "taxonomy_term",
    "taxonomies.csv": "taxonomy",
}
NEEDS_COLUMNS = {
    "attribute": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
    "taxonomy_term": ["id", "code", "name", "description", "taxonomy", "language", "taxonomy_id"],
    "taxonomy": ["id", "name", "description", "version"],
}

# ---------------------------------------------------------------------------
# Maillage's needs as an HSDS taxonomy

#: Fixed forever: an export made today must import onto the same needs in ten years.
NEEDS_TAXONOMY_ID = "6f1c2b9e-4d3a-5e8f-9a7b-3c2d1e0f4a5b"
NEEDS_TAXONOMY_VERSION = "1"
_NEEDS_NAMESPACE = uuid.UUID(NEEDS_TAXONOMY_ID)


def need_term_id(code: str) -> str:
    """The HSDS taxonomy term id of one of Maillage's needs (stable: derived from its code)."""
    return str(uuid.uuid5(_NEEDS_NAMESPACE, code))


def need_attributes(service_id: str, needs, *, taxonomy_name: str, language: str) -> list[dict]:
    """HSDS attributes linking a service to its needs; ``needs`` is a list of (code, name)."""
    taxonomy = {
        "id": NEEDS_TAXONOMY_ID,
        "name": taxonomy_name,
        "description": taxonomy_name,
        "version": NEEDS_TAXONOMY_VERSION,
    }
    attributes = []
    for code, name in needs:
        term_id = need_term_id(code)
        attributes.append(
            {
                "id": str(uuid.uuid5(uuid.UUID(need_term_id(service_id)), code)),
                "link_id": service_id,
                "link_type": "need",
                "link_entity": "service",
                "taxonomy_term_id": term_id,
                "taxonomy_term": {
                    "id": term_id,
                    "code": code,
                    "name": name,
                    "description": name,
                    "taxonomy": taxonomy_name,
                    "language": language,
                    "taxonomy_id": NEEDS_TAXONOMY_ID,
                    "taxonomy_detail": taxonomy,
                },
            }
        )
    return attributes


def _is_need_attribute(attribute) -> bool:
    term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
    if not isinstance(term, dict):
        return False
    detail = term.get("taxonomy_detail") if isinstance(term.get("taxonomy_detail"), dict) else {}
    return NEEDS_TAXONOMY_ID in (term.get("taxonomy_id"), detail.get("id"))


def split_need_attributes(attributes, known_codes) -> tuple[list[str], list]:
    """(the need codes named by Maillage's taxonomy, the other attributes, kept as they came).

    A term of Maillage's taxonomy is recognized by its taxonomy id and its code; a code that is
    not one of ``known_codes`` (a newer version's need) is kept with the other attributes.
    """
    codes, others = [], []
    for attribute in attributes or []:
        code = attribute["taxonomy_term"].get("code") if _is_need_attribute(attribute) else None
        if code in known_codes:
            if code not in codes:
                codes.append(code)
        else:
            others.append(attribute)
    return codes, others


# Columns of the CSV package that hold numbers (the CSV reader gets strings).
CSV_NUMBERS = {
    "organization": {"year_incorporated"},
    "service": {"minimum_age", "maximum_age"},
    "location": {"latitude", "longitude"},
    "phone": {"extension"},
    "schedule": {"timezone", "count", "interval"},
}


@dataclass
class Issue:
    """One problem found in the imported data: where it is and what is wrong."""

    table: str
    row: int
    field: str
    message: str

    def __str__(self):
        return f"{self.table}, {self.row}, {self.field}: {self.message}"


#: Problems listed at most: a file of thousands of empty objects would otherwise make a page
#: of a million lines.
MAX_ISSUES = 1_000


@dataclass
class Report:
    issues: list[Issue] = field(default_factory=list)
    more: bool = False

    def add(self, table, row, field_name, message):
        if len(self.issues) >= MAX_ISSUES:
            self.more = True
            return
        self.issues.append(Issue(table, row, field_name, message))

    def merge(self, other: Report) -> None:
        """Add ``other``'s problems, within the bound, and then say when some were left out."""
        for issue in other.issues:
            self.add(issue.table, issue.row, issue.field, issue.message)
        self.more |= other.more
        if self.more:
            self.issues.append(
                Issue(
                    "—",
                    0,
                    "",
                    _(
                        "The file has more problems: only the first 1,000 are listed. Fix "
                        "them, then check the file again."
                    ),
                )
            )

    def __bool__(self):
        return bool(self.issues)


class HSDSFormatError(ValueError):
    """The upload is not an HSDS document at all (not JSON, not a zip with the CSV tables)."""


# ---------------------------------------------------------------------------
# Rules from the schema files (optional, at run time)


def rules_from_schema(schema_dir: Path, entity: str) -> dict:
    """The required fields, enumerations and types of one schema file, in ``RULES``'s shape."""
    schema = json.loads((Path(schema_dir) / f"{entity}.json").read_text(encoding="utf-8"))
    types = {}
    enums = {}
    for name, prop in schema.get("properties", {}).items():
        kind = prop.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), None)
        if kind:
            fmt = "uuid" if prop.get("format") == "uuid" else None
            if prop.get("datapackage_type") == "date":
                fmt = "date"
            types[name] = (kind, fmt)
        if "enum" in prop:
            enums[name] = list(prop["enum"])
    return {"required": list(schema.get("required", [])), "enum": enums, "types": types}


# ---------------------------------------------------------------------------
# Validation


def _is_type(value, kind):
    if kind == "string":
        return isinstance(value, str)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "boolean":
        return isinstance(value, bool)
    return True


TYPE_MESSAGES = {
    "string": _("This must be text."),
    "number": _("This must be a number."),
    "integer": _("This must be a whole number."),
    "array": _("This must be a list."),
    "object": _("This must be an object."),
    "boolean": _("This must be true or false."),
}


def check_object(obj, entity, table, row, report: Report):
    """Check one object against the rules of its entity; add each problem to ``report``."""
    rules = RULES[entity]
    if not isinstance(obj, dict):
        report.add(table, row, "", _("This row must be an object."))
        return
    for name in rules["required"]:
        if obj.get(name) in (None, ""):
            report.add(table, row, name, _("This field is required."))
    for name, allowed in rules["enum"].items():
        value = obj.get(name)
        if value not in (None, "") and value not in allowed:
            report.add(
                table,
                row,
                name,
                _("“%(value)s” is not one of the allowed values: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(allowed)},
            )
    for name, (kind, fmt) in rules["types"].items():
        value = obj.get(name)
        if value is None:
            continue
        if not _is_type(value, kind):
            report.add(
                table, row, name, TYPE_MESSAGES.get(kind, _("This value has the wrong type."))
            )
            continue
        if fmt == "uuid" and value and not UUID_RE.match(value):
            report.add(table, row, name, _("“%(value)s” is not a valid UUID.") % {"value": value})
        if fmt == "date" and value:
            try:
                date.fromisoformat(value)
            except ValueError:
                report.add(
                    table,
                    row,
                    name,
                    _("“%(value)s” is not a valid date (YYYY-MM-DD).") % {"value": value},
                )
    for name, limit in MAX_LENGTHS.get(entity, {}).items():
        value = obj.get(name)
        if isinstance(value, str) and len(value) > limit:
            report.add(
                table,
                row,
                name,
                _("This text is too long (at most %(limit)s characters).") % {"limit": limit},
            )
    for name in WEB_FIELDS.get(entity, ()):
        value = obj.get(name)
        if isinstance(value, str) and value and not WEB_RE.match(value):
            report.add(table, row, name, _("A web address must start with http:// or https://."))
    for name in EMAIL_FIELDS.get(entity, ()):
        value = obj.get(name)
        if isinstance(value, str) and value and not EMAIL_RE.match(value):
            report.add(
                table, row, name, _("“%(value)s” is not an e-mail address.") % {"value": value}
            )
    if entity == "service":
        for name in ("minimum_age", "maximum_age"):
            value = obj.get(name)
            if _is_type(value, "number") and (value < 0 or value != int(value) or value > 150):
                report.add(table, row, name, _("The age must be a whole number from 0 to 150."))
    if entity == "location":
        for name in ("latitude", "longitude"):
            value = obj.get(name)
            if _is_type(value, "number") and abs(value) >= 1000:
                report.add(table, row, name, _("This coordinate is out of range."))


class _Rows:
    """Numbers the objects of each table in the order they are met (row 1, 2, …)."""

    def __init__(self, rows_of=None):
        self.counts = {}
        self.rows_of = rows_of or {}

    def next(self, entity, obj):
        if isinstance(obj, dict) and id(obj) in self.rows_of:
            return self.rows_of[id(obj)]
        self.counts[entity] = self.counts.get(entity, 0) + 1
        return self.counts[entity]


def validate_documents(documents, *, row_numbers=None, table_names=None) -> Report:
    """Check every organization document and everything nested in it.

    ``row_numbers`` maps ``id(obj)`` to its CSV line and ``table_names`` names
    the tables (CSV file names) so a report points into the CSV package.
    """
    report = Report()
    rows = _Rows(row_numbers)
    names = table_names or {}

    assigned = {}

    def check(obj, entity):
        table = names.get(entity, entity)
        row = rows.next(entity, obj)
        assigned[id(obj)] = row
        check_object(obj, entity, table, row, report)
        return obj if isinstance(obj, dict) else {}

    def each(obj, key, entity):
        value = obj.get(key)
        if isinstance(value, list):
            for item in value:
                yield check(item, entity)

    seen = {}

    def unique(obj, entity):
        if isinstance(obj, dict) and isinstance(obj.get("id"), str) and obj["id"]:
            if (entity, obj["id"]) in seen:
                report.add(
                    names.get(entity, entity),
                    assigned.get(id(obj), 0),
                    "id",
                    _("The identifier “%(value)s” appears more than once.") % {"value": obj["id"]},
                )
            seen[(entity, obj["id"])] = True

    if not isinstance(documents, list):
        report.add(names.get("organization", "organization"), 0, "", _("This must be a list."))
        return report
    for document in documents:
        org = check(document, "organization")
        unique(document, "organization")
        for phone in each(org, "phones", "phone"):
            list(each(phone, "languages", "language"))
        for location in each(org, "locations", "location"):
            for name, entity in (("addresses", "address"), ("languages", "language")):
                list(each(location, name, entity))
            for name, entity in (("phones", "phone"), ("schedules", "schedule")):
                list(each(location, name, entity))
        for service in each(org, "services", "service"):
            for phone in each(service, "phones", "phone"):
                list(each(phone, "languages", "language"))
            for name, entity in (
                ("languages", "language"),
                ("schedules", "schedule"),
                ("service_areas", "service_area"),
                ("required_documents", "required_document"),
                ("service_at_locations", "service_at_location"),
            ):
                list(each(service, name, entity))
        for entity, key in (("service", "services"), ("location", "locations")):
            if isinstance(org.get(key), list):
                for obj in org[key]:
                    unique(obj, entity)
    return report


# ---------------------------------------------------------------------------
# Reading


def documents_from_json(data) -> list[dict]:
    """One organization, a list of them, or a page (``contents``) → a list of organizations."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return data
    raise HSDSFormatError(_("The file does not hold an HSDS organization or a list of them."))


def _number(text):
    text = text.strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    try:
        number = float(text)
    except ValueError:
        return text  # the validator reports it as "must be a number"
    return number if math.isfinite(number) else text  # "1e999999", "nan": not numbers


def _csv_rows(text, entity):
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    for line, raw in enumerate(reader, start=2):
        row = {}
        for key, value in raw.items():
            if key is None or value in (None, ""):
                continue
            row[key] = _number(value) if key in CSV_NUMBERS.get(entity, ()) else restore(value)
        rows.append((line, row))
    return rows


def read_csv_package(files: dict[str, str]):
    """The CSV tables (file name → text) → (organization documents, row numbers, report).

    Rows are attached to their parent by the ``*_id`` columns; a row whose parent
    is not in the package is reported. The other columns stay in the row, so
    they are exported back.
    """
    report = Report()
    row_numbers = {}
    tables = {}
    for name, entity in CSV_TABLES.items():
        text = files.get(name)
        tables[entity] = _csv_rows(text, entity) if text is not None else []
        for line, row in tables[entity]:
            row_numbers[id(row)] = line
    if "organizations.csv" not in files:
        report.add("organizations.csv", 0, "", _("The package has no organizations.csv table."))
    for entity, rows in tables.items():
        ids = set()
        for line, row in rows:
            if row.get("id") and row["id"] in ids:
                report.add(
                    ENTITY_TABLE[entity],
                    line,
                    "id",
                    _("The identifier “%(value)s” appears more than once.") % {"value": row["id"]},
                )
            ids.add(row.get("id"))
    orgs = {row.get("id"): row for _line, row in tables["organization"]}
    services = {row.get("id"): row for _line, row in tables["service"]}
    locations = {row.get("id"): row for _line, row in tables["location"]}

    def missing(entity, line, column, value):
        report.add(
            ENTITY_TABLE[entity],
            line,
            column,
            _("“%(value)s” names no row of the package.") % {"value": value},
        )

    for _line, row in tables["organization"]:
        row.setdefault("services", [])
        row.setdefault("locations", [])
    for line, row in tables["service"]:
        org = orgs.get(row.get("organization_id"))
        if org is None:
            missing("service", line, "organization_id", row.get("organization_id", ""))
            continue
        org["services"].append(row)
    service_org = {
        row["id"]: row["organization_id"]
        for _line, row in tables["service"]
        if row.get("organization_id") in orgs
    }
    links = {}
    for line, row in tables["service_at_location"]:
        service = services.get(row.get("service_id"))
        if service is None:
            missing("service_at_location", line, "service_id", row.get("service_id", ""))
            continue
        service.setdefault("service_at_locations", []).append(row)
        links.setdefault(row.get("location_id"), service_org.get(row.get("service_id")))
    for line, row in tables["location"]:
        # A location belongs to its organization, or failing that to the organization
        # of a service offered there (the specification's own package needs this).
        owner = row.get("organization_id")
        org = orgs.get(owner) or orgs.get(links.get(row.get("id")))
        if org is None:
            missing("location", line, "organization_id", owner or "")
            continue
        org["locations"].append(row)
    for line, row in tables["address"]:
        location = locations.get(row.get("location_id"))
        if location is None:
            missing("address", line, "location_id", row.get("location_id", ""))
            continue
        location.setdefault("addresses", []).append(row)
    for entity, key in (
        ("required_document", "required_documents"),
        ("service_area", "service_areas"),
    ):
        for line, row in tables[entity]:
            service = services.get(row.get("service_id"))
            if service is None:
                missing(entity, line, "service_id", row.get("service_id", ""))
                continue
            service.setdefault(key, []).append(row)
    # Phones, languages and schedules may name several parents: the first known one keeps them.
    parents = {
        "phone": (("organization_id", orgs), ("service_id", services), ("location_id", locations)),
        "language": (("service_id", services), ("location_id", locations)),
        "schedule": (("service_id", services), ("location_id", locations)),
    }
    phones = {row.get("id"): row for _line, row in tables["phone"]}
    for entity, key in (("phone", "phones"), ("language", "languages"), ("schedule", "schedules")):
        for line, row in tables[entity]:
            for column, pool in parents[entity]:
                if row.get(column) in pool:
                    pool[row[column]].setdefault(key, []).append(row)
                    break
            else:
                if entity == "language" and row.get("phone_id") in phones:
                    phones[row["phone_id"]].setdefault("languages", []).append(row)
                    continue
                column = parents[entity][0][0]
                missing(entity, line, column, row.get(column, ""))
    _attach_need_attributes(files, services)
    return list(orgs.values()), row_numbers, report


def _attach_need_attributes(files, services):
    """Give each service the attributes of Maillage's needs taxonomy that name it.

    Only the needs are read from these tables: other taxonomies' rows are left out, as the
    other tables Maillage does not model are.
    """
    if "attributes.csv" not in files or "taxonomy_terms.csv" not in files:
        return
    terms = {
        row.get("id"): row
        for _line, row in _csv_rows(files["taxonomy_terms.csv"], "taxonomy_term")
        if row.get("taxonomy_id") == NEEDS_TAXONOMY_ID
    }
    for _line, row in _csv_rows(files["attributes.csv"], "attribute"):
        term = terms.get(row.get("taxonomy_term_id"))
        service = services.get(row.get("link_id"))
        if term is None or service is None or row.get("link_entity") != "service":
            continue
        service.setdefault("attributes", []).append({**row, "taxonomy_term": dict(term)})


MAX_UNZIPPED_BYTES = 50 * 1024 * 1024


def read_upload(name: str, content: bytes):
    """An uploaded file → (documents, row numbers, table names, report of structure problems).

    The type is decided from the bytes, never from the name or the browser's content type,
    which whoever sends the file chooses: a zip starts with its local-header signature,
    anything else must be UTF-8 JSON. A name that claims the other type is refused too: the
    person most likely chose the wrong file.
    """
    zipped = is_zip(content)
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "zip" and not zipped:
        raise HSDSFormatError(
            _("This file is named like a zip archive, but its content is not one.")
        )
    if suffix == "json" and zipped:
        raise HSDSFormatError(
            _("This file is named like a JSON file, but its content is a zip archive.")
        )
    if zipped:
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
        except zipfile.BadZipFile as exc:
            raise HSDSFormatError(_("The zip file cannot be read.")) from exc
        files = {}
        known = CSV_TABLES.keys() | NEEDS_TABLES.keys()
        tables = [i for i in archive.infolist() if i.filename.rsplit("/", 1)[-1] in known]
        if sum(info.file_size for info in tables) > MAX_UNZIPPED_BYTES:
            raise HSDSFormatError(_("The tables in the zip file are too large."))
        for info in tables:
            try:
                text = archive.read(info).decode("utf-8-sig")
            except DAMAGED_MEMBER as exc:
                raise HSDSFormatError(_("The zip file cannot be read.")) from exc
            except UnicodeDecodeError as exc:
                raise HSDSFormatError(
                    _("The table %(name)s is not in UTF-8.") % {"name": info.filename}
                ) from exc
            files[info.filename.rsplit("/", 1)[-1]] = text
        if not files:
            raise HSDSFormatError(_("The zip file holds none of the HSDS CSV tables."))
        try:
            documents, rows, report = read_csv_package(files)
        except csv.Error as exc:  # a value longer than the csv module's limit, say
            raise HSDSFormatError(_("A table of the zip file cannot be read as CSV.")) from exc
        return documents, rows, ENTITY_TABLE, report
    return documents_from_json(read_json(content)), None, None, Report()


#: Bounds of a JSON upload (the specification's fullest example nests 12 levels deep): the
#: work and memory of reading it depend on these, not only on the file's 10 MB.
MAX_DEPTH = 32
MAX_CONTAINERS = 200_000
MAX_VALUES = 500_000
MAX_DIGITS = 30


class _Refused(Exception):
    """A number json.loads must not turn into a value (raised from its hooks)."""


def _finite(text):
    number = float(text)
    if not math.isfinite(number):  # 1e999999 reads as infinity, which no database stores
        raise _Refused(text)
    return number


def _bounded_int(text):
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(text)
    return int(text)


def _constant(text):
    raise _Refused(text)  # NaN and Infinity are not JSON, though Python reads them


def read_json(content: bytes):
    """The JSON value of an upload, or ``HSDSFormatError`` with a message for the person.

    Refused before or while parsing, never with a server error: more objects and lists than
    ``MAX_CONTAINERS`` (counted on the text, an upper bound), nesting deeper than
    ``MAX_DEPTH``, more than ``MAX_VALUES`` values, and numbers that are not finite or
    longer than ``MAX_DIGITS`` digits."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HSDSFormatError(_("The file is neither HSDS JSON nor a zip of CSV tables.")) from exc
    if text.count("{") + text.count("[") > MAX_CONTAINERS:
        raise HSDSFormatError(
            _(
                "The file holds more than 200,000 objects and lists: split the directory "
                "into several files."
            )
        )
    try:
        data = json.loads(
            text, parse_float=_finite, parse_int=_bounded_int, parse_constant=_constant
        )
    except RecursionError:
        raise HSDSFormatError(_too_deep()) from None
    except _Refused as refused:
        raise HSDSFormatError(
            _("The number %(value)s is too large or not a number.") % {"value": _short(refused)}
        ) from None
    except ValueError as exc:  # JSONDecodeError, and the digits limit of int()
        raise HSDSFormatError(_("The file is neither HSDS JSON nor a zip of CSV tables.")) from exc
    _check_shape(data)
    return data


def _too_deep():
    return _(
        "The file nests objects or lists more than 32 levels deep: it is not an HSDS directory."
    )


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _check_shape(data) -> None:
    """Depth and size of ``data``, walked without recursion (a deep value must not reach
    the recursive code after it: validation, the database's JSON, the export)."""
    stack, values = [(data, 1)], 1
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if not children:
            continue
        if depth >= MAX_DEPTH:
            raise HSDSFormatError(_too_deep())
        values += len(children)  # counted before they are walked: the walk stays bounded
        if values > MAX_VALUES:
            raise HSDSFormatError(
                _(
                    "The file holds more than 500,000 values: split the directory into "
                    "several files."
                )
            )
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def parse_and_validate(name: str, content: bytes):
    """(documents, report): the documents are safe to import only when the report is empty."""
    documents, rows, tables, report = read_upload(name, content)
    report.merge(validate_documents(documents, row_numbers=rows, table_names=tables))
    return documents, report


# ---------------------------------------------------------------------------
# Writing the CSV package

CSV_COLUMNS = {
    "organization": [
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "tax_status",
        "tax_id",
        "year_incorporated",
        "legal_status",
        "logo",
        "uri",
        "parent_organization_id",
    ],
    "service": [
        "id",
        "organization_id",
        "program_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "fees",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "licenses",
        "alert",
        "last_modified",
    ],
    "location": [
        "id",
        "location_type",
        "url",
        "organization_id",
        "name",
        "alternate_name",
        "description",
        "transportation",
        "latitude",
        "longitude",
        "external_identifier",
        "external_identifier_type",
    ],
    "phone": [
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "contact_id",
        "service_at_location_id",
        "number",
        "extension",
        "type",
        "description",
    ],
    "address": [
        "id",
        "location_id",
        "attention",
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "language": ["id", "service_id", "location_id", "phone_id", "name", "code", "note"],
    "service_at_location": ["id", "service_id", "location_id", "description"],
    "required_document": ["id", "service_id", "document", "uri"],
    "schedule": [
        "id",
        "service_id",
        "location_id",
        "service_at_location_id",
        "valid_from",
        "valid_to",
        "dtstart",
        "timezone",
        "until",
        "count",
        "wkst",
        "freq",
        "interval",
        "byday",
        "byweekno",
        "bymonthday",
        "byyearday",
        "description",
        "opens_at",
        "closes_at",
        "schedule_link",
        "attending_type",
        "notes",
    ],
    "service_area": ["id", "service_id", "name", "description", "extent", "extent_type", "uri"],
}


def documents_to_tables(documents) -> dict[str, list[dict]]:
    """Flatten organization documents into the rows of the CSV tables (parent ids filled in)."""
    tables = {entity: [] for entity in [*CSV_TABLES.values(), *NEEDS_TABLES.values()]}
    seen = set()

    def add(entity, row, **parents):
        flat = {k: v for k, v in row.items() if not isinstance(v, list | dict)}
        for column, value in parents.items():
            if not flat.get(column):
                flat[column] = value
        key = (entity, flat.get("id"))
        if key in seen and flat.get("id"):
            return
        seen.add(key)
        tables[entity].append(flat)

    def phones(owner, **parents):
        for phone in owner.get("phones") or []:
            add("phone", phone, **parents)
            for language in phone.get("languages") or []:
                add("language", language, phone_id=phone.get("id"))

    for org in documents:
        add("organization", org)
        phones(org, organization_id=org["id"])
        for location in org.get("locations") or []:
            add("location", location, organization_id=org["id"])
            phones(location, location_id=location["id"])
            for key, entity in (
                ("addresses", "address"),
                ("languages", "language"),
                ("schedules", "schedule"),
            ):
                for row in location.get(key) or []:
                    add(entity, row, location_id=location["id"])
        for service in org.get("services") or []:
            add("service", service, organization_id=org["id"])
            phones(service, service_id=service["id"])
            for key, entity in (
                ("languages", "language"),
                ("schedules", "schedule"),
                ("service_areas", "service_area"),
                ("required_documents", "required_document"),
            ):
                for row in service.get(key) or []:
                    add(entity, row, service_id=service["id"])
            for link in service.get("service_at_locations") or []:
                row = dict(link)
                if isinstance(link.get("location"), dict):
                    row["location_id"] = link["location"].get("id")
                add("service_at_location", row, service_id=service["id"])
            for attribute in service.get("attributes") or []:
                if not _is_need_attribute(attribute):
                    continue  # other taxonomies go to JSON exports only
                term = attribute["taxonomy_term"]
                add("attribute", attribute, link_id=service["id"])
                add("taxonomy_term", term)
                add("taxonomy", term.get("taxonomy_detail") or {"id": NEEDS_TAXONOMY_ID})
    return tables


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    # The package is opened in spreadsheets too: a text that would run as a formula is
    # made inert, and ``_csv_rows`` gives it back as it was.
    return neutralize(str(value))


def tables_to_zip(tables) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, entity in CSV_TABLES.items():
            _write_table(archive, name, tables[entity], CSV_COLUMNS[entity])
        for name, entity in NEEDS_TABLES.items():
            if tables.get(entity):
                _write_table(archive, name, tables[entity], NEEDS_COLUMNS[entity])
    return buffer.getvalue()


def _write_table(archive, name, rows, base_columns):
    columns = list(base_columns)
    for row in rows:
        columns += [key for key in row if key not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_value(row.get(key)) for key in columns})
    archive.writestr(name, out.getvalue())


# ---------------------------------------------------------------------------
# Comparison (round-trip tests, and anyone checking an export)


def normalized(value):
    """Drop empty values, so ``""``, ``None``, ``[]`` and an absent key compare equal."""
    if isinstance(value, dict):
        out = {k: normalized(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    if isinstance(value, float) and value == int(value):
        return int(value)
    return value
