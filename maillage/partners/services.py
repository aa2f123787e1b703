"""Every change to the partner directory: validated, saved in a transaction, audited."""

from __future__ import annotations

import re
import uuid as uuid_lib
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from maillage.audit.services import apply_changes, assign_changes, record_event, save_changes
from maillage.core.taxonomy import Need
from maillage.lib.crypto import normalize_for_index

from . import hsds
from .models import Location, Partner, Service

# HSDS property → model field, for the scalar properties Maillage models.
PARTNER_FIELDS = {
    "name": "name",
    "alternate_name": "alternate_name",
    "description": "description",
    "email": "email",
    "website": "website",
}
SERVICE_FIELDS = {
    "name": "name",
    "alternate_name": "alternate_name",
    "description": "description",
    "url": "url",
    "email": "email",
    "status": "status",
    "eligibility_description": "eligibility_description",
    "interpretation_services": "interpretation_services",
    "fees_description": "fees_description",
    "application_process": "application_process",
}
SERVICE_LISTS = ("languages", "required_documents", "service_areas")
LOCATION_FIELDS = {
    "location_type": "location_type",
    "name": "name",
    "description": "description",
    "transportation": "transportation",
    "url": "url",
}
ADDRESS_FIELDS = ("address_1", "city", "postal_code", "state_province", "country")
NEEDS_TAXONOMY_NAME = _("Maillage needs")


def search_text_for(service) -> str:
    """Accent- and case-free text searched by the directory (``icontains`` on every database)."""
    parts = [
        service.name,
        service.alternate_name,
        service.description,
        service.eligibility_description,
    ]
    text = normalize_for_index(" ".join(p for p in parts if p))
    # "halte garderie" must find "Halte-garderie": punctuation becomes spaces too.
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def normalize_query(query: str) -> str:
    text = normalize_for_index(query)
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def language_index_for(languages) -> str:
    words = set()
    for language in languages or []:
        for key in ("code", "name"):
            if isinstance(language, dict) and language.get(key):
                words.add(normalize_query(str(language[key])))
    return "|" + "|".join(sorted(words)) + "|" if words else ""


def _refresh_indexes(service):
    service.search_text = search_text_for(service)
    service.language_index = language_index_for(service.languages)


def languages_from_text(text: str, previous=()) -> list[dict]:
    """A comma list typed in a form ("fr, en, arabe") → HSDS language objects, keeping ids."""
    known = {}
    for language in previous or []:
        label = language.get("code") or language.get("name") or ""
        known[normalize_query(label)] = language
    out = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        if normalize_query(item) in known:
            out.append(known[normalize_query(item)])
        elif len(item) <= 3 and item.isalpha():
            out.append({"id": str(uuid_lib.uuid4()), "code": item.lower()})
        else:
            out.append({"id": str(uuid_lib.uuid4()), "name": item})
    return out


def languages_to_text(languages) -> str:
    return ", ".join(
        str(language.get("code") or language.get("name") or "") for language in languages or []
    )


# "450 555-1234 poste 12": the extension follows "poste" (or "ext", "x").
_EXTENSION = re.compile(r"\s*(?:\bposte\b|\bext\b\.?|\bx\b)\s*", re.IGNORECASE)
_PHONE_NUMBER = re.compile(r"^\+?[0-9][0-9 ().-]*$")


class PhoneLineError(ValueError):
    """A line of the phones text that is not a phone: ``args`` are (line number, kind)."""


def phones_from_text(text: str, previous=()) -> list[dict]:
    """One phone a line ("450 555-1234 poste 12") → HSDS phone objects.

    A phone already there (same number and extension) keeps its id and its other HSDS
    properties (type, languages, description). Raises ``PhoneLineError(line, kind)``,
    ``kind`` being "number" or "extension".
    """
    known = {(p.get("number"), p.get("extension")): p for p in previous or []}
    out = []
    for index, line in enumerate(text.splitlines(), start=1):
        line = " ".join(line.split())
        if not line:
            continue
        number, *rest = _EXTENSION.split(line, maxsplit=1)
        number = number.strip()
        if not _PHONE_NUMBER.match(number) or not any(ch.isdigit() for ch in number):
            raise PhoneLineError(index, "number")
        extension = None
        if rest:
            if not rest[0].strip().isdigit():
                raise PhoneLineError(index, "extension")
            extension = int(rest[0].strip())
        phone = known.get((number, extension))
        if phone is None:
            phone = {"id": str(uuid_lib.uuid4()), "number": number}
            if extension is not None:
                phone["extension"] = extension
        out.append(phone)
    return out


def phones_to_text(phones) -> str:
    lines = []
    for phone in phones or []:
        line = str(phone.get("number") or "")
        if phone.get("extension") not in (None, ""):
            line += f" poste {phone['extension']}"
        lines.append(line)
    return "\n".join(lines)


def named_list_from_text(text: str, key: str, previous=()) -> list[dict]:
    """One entry a line → HSDS objects whose label is ``key`` ("document" of a required
    document, "name" of a service area). An entry already there keeps its id and other
    properties; one without a label (an imported extent, say), not shown in the form, is kept."""
    known = {}
    unlabelled = []
    for entry in previous or []:
        if entry.get(key):
            known.setdefault(" ".join(str(entry[key]).split()), entry)
        else:
            unlabelled.append(entry)
    out = []
    seen = set()
    for line in text.splitlines():
        label = " ".join(line.split())
        if not label or label in seen:
            continue
        seen.add(label)
        out.append(known.get(label) or {"id": str(uuid_lib.uuid4()), key: label})
    return out + unlabelled


def named_list_to_text(entries, key: str) -> str:
    return "\n".join(str(entry[key]) for entry in entries or [] if entry.get(key))


# ---------------------------------------------------------------------------
# Forms' services


@transaction.atomic
def create_partner(actor, organization, values) -> Partner:
    partner = Partner(organization=organization, hsds_id=str(uuid_lib.uuid4()), **values)
    partner.save()
    record_event(
        actor, "partner.created", organization=organization, target=partner, changed_fields=values
    )
    return partner


@transaction.atomic
def update_partner(actor, partner, values) -> Partner:
    apply_changes(actor, partner, values, "partner.updated")
    return partner


@transaction.atomic
def share_partner(actor, partner, community) -> Partner:
    """Share an entry with one community of the organization (``None`` stops sharing)."""
    if partner.shared_with_id != (community.pk if community else None):
        partner.shared_with = community
        partner.save(update_fields=["shared_with"])
        record_event(
            actor,
            "partner.shared" if community else "partner.unshared",
            organization=partner.organization,
            target=partner,
            changed_fields=["shared_with"],
        )
    return partner


@transaction.atomic
def create_service(actor, partner, values) -> Service:
    service = Service(partner=partner, hsds_id=str(uuid_lib.uuid4()), **values)
    _refresh_indexes(service)
    service.save()
    record_event(
        actor,
        "partner.service.created",
        organization=partner.organization,
        target=service,
        changed_fields=values,
    )
    return service


@transaction.atomic
def update_service(actor, service, values) -> Service:
    changed = assign_changes(service, values)
    if not changed:
        return service
    _refresh_indexes(service)
    extra_fields = []
    if "hours" in changed and service.extra.get("schedules"):
        # The form's hours replace the imported schedules (their structured times are lost).
        first = service.extra["schedules"][0]
        service.extra["schedules"] = (
            [{"id": first.get("id") or str(uuid_lib.uuid4()), "description": service.hours}]
            if service.hours
            else []
        )
        extra_fields = ["extra"]
    save_changes(
        actor,
        service,
        changed,
        "partner.service.updated",
        organization=service.partner.organization,
        also_save=["search_text", "language_index", *extra_fields],
    )
    return service


@transaction.atomic
def create_location(actor, partner, values, services=()) -> Location:
    location = Location(partner=partner, hsds_id=str(uuid_lib.uuid4()), **values)
    location.save()
    location.services.set(services)
    record_event(
        actor,
        "partner.location.created",
        organization=partner.organization,
        target=location,
        changed_fields=[*values, "services"],
    )
    return location


@transaction.atomic
def update_location(actor, location, values, services=None) -> Location:
    relations = []
    if services is not None and set(location.services.all()) != set(services):
        location.services.set(services)
        relations.append("services")
    apply_changes(
        actor,
        location,
        values,
        "partner.location.updated",
        organization=location.partner.organization,
        also_changed=relations,
    )
    return location


@transaction.atomic
def delete_partner(actor, partner) -> None:
    """Remove a partner with its services and locations.

    Raises ``ProtectedError`` (nothing removed) when a referral points to one of its
    services or an out-of-mandate request names it.
    """
    organization = partner.organization
    partner.delete()
    record_event(actor, "partner.deleted", organization=organization, target=partner)


@transaction.atomic
def delete_service(actor, service) -> None:
    """Remove a service; ``ProtectedError`` (nothing removed) when a referral points to it."""
    organization = service.partner.organization
    service.delete()
    record_event(actor, "partner.service.deleted", organization=organization, target=service)


@transaction.atomic
def delete_location(actor, location) -> None:
    organization = location.partner.organization
    location.delete()
    record_event(actor, "partner.location.deleted", organization=organization, target=location)


# ---------------------------------------------------------------------------
# HSDS import


def _split(obj, modelled, handled=()):
    values = {field: obj.get(key) or "" for key, field in modelled.items() if key in obj}
    extra = {k: v for k, v in obj.items() if k not in modelled and k not in handled}
    return values, extra


def _partner_values(doc):
    values, extra = _split(doc, PARTNER_FIELDS, ("id", "phones", "services", "locations"))
    values["phones"] = doc.get("phones") or []
    return values, extra


def _service_values(doc):
    handled = ("id", "organization_id", *SERVICE_LISTS, "minimum_age", "maximum_age")
    handled += ("assured_date",)
    values, extra = _split(doc, SERVICE_FIELDS, handled)
    for key in SERVICE_LISTS:
        values[key] = doc.get(key) or []
    for key in ("minimum_age", "maximum_age"):
        values[key] = int(doc[key]) if doc.get(key) is not None else None
    assured = doc.get("assured_date")
    values["last_verified_on"] = date.fromisoformat(assured) if assured else None
    # The schedules stay whole in ``extra``; the form's "hours" shows their descriptions.
    values["hours"] = "\n".join(
        s.get("description", "") for s in doc.get("schedules") or [] if s.get("description")
    )
    # Terms of Maillage's needs taxonomy become the service's needs; other attributes stay.
    # A file that names no need (another directory's export) leaves the tagged needs alone.
    needs, others = hsds.split_need_attributes(doc.get("attributes"), Need.values)
    if needs:
        values["needs"] = needs
    if others:
        extra["attributes"] = others
    else:
        extra.pop("attributes", None)
    return values, extra


def _location_values(doc, organization_hsds_id):
    handled = ("id", "latitude", "longitude", "addresses")
    values, extra = _split(doc, LOCATION_FIELDS, handled)
    if extra.get("organization_id") == organization_hsds_id:
        del extra["organization_id"]
    for key in ("latitude", "longitude"):
        values[key] = Decimal(str(doc[key])).quantize(Decimal("0.000001")) if key in doc else None
    addresses = [dict(a) for a in doc.get("addresses") or []]
    for name in ADDRESS_FIELDS:
        values[name] = addresses[0].get(name) or "" if addresses else ""
    for address in addresses[:1]:
        for name in ADDRESS_FIELDS:
            address.pop(name, None)
    extra["addresses"] = addresses
    return values, extra


def _upsert(queryset, model, hsds_id, defaults, created, updated):
    instance = queryset.filter(hsds_id=hsds_id).first()
    if instance is None:
        instance = model(hsds_id=hsds_id, **defaults)
        if isinstance(instance, Service):
            _refresh_indexes(instance)
        instance.save()
        created[model.__name__] = created.get(model.__name__, 0) + 1
        return instance, True
    for name, value in defaults.items():
        setattr(instance, name, value)
    if isinstance(instance, Service):
        _refresh_indexes(instance)
    instance.save()
    updated[model.__name__] = updated.get(model.__name__, 0) + 1
    return instance, False


def import_documents(actor, organization, documents, *, report=None):
    """Write validated organization documents into the organization's directory.

    Validates first (unless ``report`` is given, from ``hsds.parse_and_validate``);
    any problem → nothing written, the report returned. The same HSDS ids update
    the entries they created before instead of adding copies.
    Returns ``(report, counts)``.
    """
    if report is None:
        report = hsds.validate_documents(documents)
    if report:
        return report, {}
    created, updated = {}, {}
    with transaction.atomic():
        own = Partner.objects.for_org(organization)
        for doc in documents:
            values, extra = _partner_values(doc)
            partner, _new = _upsert(
                own,
                Partner,
                doc["id"],
                {**values, "extra": extra, "organization": organization},
                created,
                updated,
            )
            locations = {}
            for loc in doc.get("locations") or []:
                values, extra = _location_values(loc, doc["id"])
                location, _new = _upsert(
                    Location.objects.within(partner__in=own),
                    Location,
                    loc["id"],
                    {**values, "extra": extra, "partner": partner},
                    created,
                    updated,
                )
                locations[loc["id"]] = location
            for svc in doc.get("services") or []:
                values, extra = _service_values(svc)
                service, _new = _upsert(
                    Service.objects.within(partner__in=own),
                    Service,
                    svc["id"],
                    {**values, "extra": extra, "partner": partner},
                    created,
                    updated,
                )
                linked = []
                for link in svc.get("service_at_locations") or []:
                    location_id = link.get("location_id") or (link.get("location") or {}).get("id")
                    if location_id in locations:
                        linked.append(locations[location_id])
                service.locations.set(linked)
        record_event(
            actor,
            "partner.directory.imported",
            organization=organization,
            changed_fields=sorted(set(created) | set(updated)),
        )
    counts = {
        "partners_created": created.get("Partner", 0),
        "partners_updated": updated.get("Partner", 0),
        "services_created": created.get("Service", 0),
        "services_updated": updated.get("Service", 0),
        "locations_created": created.get("Location", 0),
        "locations_updated": updated.get("Location", 0),
    }
    return report, counts


# ---------------------------------------------------------------------------
# HSDS export


def _put(doc, key, value):
    if value not in (None, "", []):
        doc[key] = value


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def partner_document(partner) -> dict:
    doc = {"id": partner.hsds_id or str(partner.uuid)}
    for key, name in PARTNER_FIELDS.items():
        _put(doc, key, getattr(partner, name))
    doc.update({k: v for k, v in partner.extra.items() if k not in doc})
    _put(doc, "phones", partner.phones)
    doc["locations"] = [location_document(loc) for loc in partner.locations.all()]
    doc["services"] = [service_document(svc) for svc in partner.services.all()]
    return doc


def service_document(service) -> dict:
    doc = {"id": service.hsds_id or str(service.uuid)}
    for key, name in SERVICE_FIELDS.items():
        _put(doc, key, getattr(service, name))
    _put(doc, "minimum_age", service.minimum_age)
    _put(doc, "maximum_age", service.maximum_age)
    if service.last_verified_on:
        doc["assured_date"] = service.last_verified_on.isoformat()
    doc.update({k: v for k, v in service.extra.items() if k not in doc})
    for key in SERVICE_LISTS:
        _put(doc, key, getattr(service, key))
    needs = [(code, str(Need(code).label)) for code in service.needs if code in Need.values]
    if needs:
        language = "fra" if (get_language() or "fr").startswith("fr") else "eng"
        attributes = hsds.need_attributes(
            doc["id"], needs, taxonomy_name=str(NEEDS_TAXONOMY_NAME), language=language
        )
        doc["attributes"] = [*(doc.get("attributes") or []), *attributes]
    if service.hours and not doc.get("schedules"):
        doc["schedules"] = [
            {"id": str(uuid_lib.uuid5(service.uuid, "hours")), "description": service.hours}
        ]
    if not doc.get("service_at_locations"):
        links = [
            {
                "id": str(uuid_lib.uuid5(service.uuid, str(loc.uuid))),
                "location_id": loc.hsds_id or str(loc.uuid),
            }
            for loc in service.locations.all()
        ]
        _put(doc, "service_at_locations", links)
    return doc


def location_document(location) -> dict:
    doc = {"id": location.hsds_id or str(location.uuid)}
    for key, name in LOCATION_FIELDS.items():
        _put(doc, key, getattr(location, name))
    _put(doc, "latitude", _number(location.latitude))
    _put(doc, "longitude", _number(location.longitude))
    extra = dict(location.extra)
    addresses = [dict(a) for a in extra.pop("addresses", [])]
    modelled = {name: getattr(location, name) for name in ADDRESS_FIELDS}
    if not modelled["city"] and location.municipality_id:
        modelled["city"] = location.municipality.name
    if any(modelled.values()):
        if not addresses:
            addresses = [
                {"id": str(uuid_lib.uuid5(location.uuid, "address")), "address_type": "physical"}
            ]
        for name, value in modelled.items():
            _put(addresses[0], name, value)
    doc.update({k: v for k, v in extra.items() if k not in doc})
    _put(doc, "addresses", addresses)
    return doc


def export_documents(actor, organization, partners, *, fmt) -> list[dict]:
    documents = [partner_document(p) for p in partners]
    record_event(
        actor, "partner.directory.exported", organization=organization, changed_fields=[fmt]
    )
    return documents
