"""The privacy URLs in the permission matrix (maillage/core/tests/test_permission_matrix.py).

Every signed-in person reads the privacy page (the platform roles read the general
statement there). Only the manager names the person in charge and keeps the register of
confidentiality incidents; a worker gets 403, the évaluateur and the administrator 403 on
pages and 404 on incidents, a manager of another organization 404 on an incident of this one.
"""

from maillage.testing.matrix import Entry, org_object, org_page, signed_in

from .builders import make_incident

MATRIX = {
    "privacy:page": Entry(signed_in(200)),
    "privacy:officer_edit": Entry(org_page(pg=200)),
    "privacy:incidents": Entry(org_page(pg=200)),
    "privacy:incident_new": Entry(org_page(pg=200)),
    "privacy:incidents_csv": Entry(org_page(pg=200)),
    "privacy:incidents_xlsx": Entry(org_page(pg=200)),
    "privacy:incident_detail": Entry(org_object(pg=200), kwargs="privacy_incident"),
    "privacy:incident_edit": Entry(org_object(pg=200), kwargs="privacy_incident"),
    # A recent entry: the deletion is refused and the manager is sent back to it.
    "privacy:incident_delete": Entry(org_object(pg=302), method="post", kwargs="privacy_incident"),
}


TARGETS = {
    "privacy_incident": lambda org, ptp, pg: {"uuid": make_incident(org, pg).uuid},
}
