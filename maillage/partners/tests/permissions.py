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


def targets(org, ptp, pg):
    partner = services.create_partner(pg, org, {"name": "CLSC de Joliette"})
    service = services.create_service(pg, partner, {"name": "Halte-garderie"})
    location = services.create_location(pg, partner, {"name": "Point de service"}, [service])
    return {
        "partner_entry": {"uuid": partner.uuid},
        "partner_service": {"uuid": service.uuid},
        "partner_location": {"uuid": location.uuid},
    }
