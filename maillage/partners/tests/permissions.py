"""Partner directory URLs in the permission matrix (gathered by the core matrix test)."""

from maillage.partners import services
from maillage.testing.matrix import Entry, org_object, org_page

MATRIX = {
    "partners:directory": Entry(org_page(pg=200, ptp=200)),
    "partners:new": Entry(org_page(pg=200, ptp=200)),
    "partners:import": Entry(org_page(pg=200)),
    "partners:export_json": Entry(org_page(pg=200)),
    "partners:export_csv": Entry(org_page(pg=200)),
    "partners:detail": Entry(org_object(pg=200, ptp=200), kwargs="partner_entry"),
    "partners:edit": Entry(org_object(pg=200, ptp=200), kwargs="partner_entry"),
    "partners:share": Entry(org_object(pg=200), kwargs="partner_entry"),
    "partners:service_new": Entry(org_object(pg=200, ptp=200), kwargs="partner_entry"),
    "partners:location_new": Entry(org_object(pg=200, ptp=200), kwargs="partner_entry"),
    "partners:service_edit": Entry(org_object(pg=200, ptp=200), kwargs="partner_service"),
    "partners:location_edit": Entry(org_object(pg=200, ptp=200), kwargs="partner_location"),
    "partners:delete": Entry(org_object(pg=200, ptp=200), kwargs="partner_entry"),
    "partners:service_delete": Entry(org_object(pg=200, ptp=200), kwargs="partner_service"),
    "partners:location_delete": Entry(org_object(pg=200, ptp=200), kwargs="partner_location"),
}


def _partner(org, pg):
    return services.create_partner(pg, org, {"name": "CLSC de Joliette"})


def _service(org, pg):
    return services.create_service(pg, _partner(org, pg), {"name": "Halte-garderie"})


def _location(org, ptp, pg):
    service = _service(org, pg)
    location = services.create_location(
        pg, service.partner, {"name": "Point de service"}, [service]
    )
    return {"uuid": location.uuid}


TARGETS = {
    "partner_entry": lambda org, ptp, pg: {"uuid": _partner(org, pg).uuid},
    "partner_service": lambda org, ptp, pg: {"uuid": _service(org, pg).uuid},
    "partner_location": _location,
}
