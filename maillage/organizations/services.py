"""Changes of state for organizations, communities and the municipal reference."""

from django.db import transaction

from maillage.audit.services import record_event
from maillage.lib.municipal_reference import MunicipalityRecord

from .models import Community, Municipality, Organization, Region
from .signals import organization_created


@transaction.atomic
def load_municipal_reference(records: list[MunicipalityRecord]) -> tuple[int, int]:
    """Create or update regions and municipalities; return (created, updated)."""
    regions = {}
    for record in records:
        if record.region_code not in regions:
            region, _ = Region.objects.update_or_create(
                code=record.region_code, defaults={"name": record.region_name}
            )
            regions[record.region_code] = region
    existing = {m.code: m for m in Municipality.objects.all()}
    to_create, to_update = [], []
    fields = ["name", "designation", "region", "mrc", "population", "land_area_km2", "postal_code"]
    for record in records:
        values = {
            "name": record.name,
            "designation": record.designation,
            "region": regions[record.region_code],
            "mrc": record.mrc,
            "population": record.population,
            "land_area_km2": record.land_area_km2,
            "postal_code": record.postal_code,
        }
        municipality = existing.get(record.code)
        if municipality is None:
            to_create.append(Municipality(code=record.code, **values))
        else:
            for field, value in values.items():
                setattr(municipality, field, value)
            to_update.append(municipality)
    Municipality.objects.bulk_create(to_create, batch_size=500)
    Municipality.objects.bulk_update(to_update, fields, batch_size=500)
    record_event(None, "reference.municipalities.loaded", changed_fields=[])
    return len(to_create), len(to_update)


@transaction.atomic
def save_organization(actor, form) -> Organization:
    """Create or update an organization from a validated form."""
    creating = form.instance.pk is None
    organization = form.save()
    if creating:
        organization_created.send(Organization, organization=organization, actor=actor)
    record_event(
        actor,
        "organization.created" if creating else "organization.updated",
        organization=organization,
        target=organization,
        changed_fields=form.changed_data,
    )
    return organization


@transaction.atomic
def save_community(actor, form) -> Community:
    creating = form.instance.pk is None
    community = form.save()
    record_event(
        actor,
        "community.created" if creating else "community.updated",
        target=community,
        changed_fields=form.changed_data,
    )
    return community
