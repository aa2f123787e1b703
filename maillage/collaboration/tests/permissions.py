"""The work-with-partners URLs in the permission matrix.

See maillage/core/tests/test_permission_matrix.py.

Outreach workers and managers of the organization log collaborations and out-of-mandate
requests and see the bridge; only the manager sees the summary of time given to partners.
The évaluateur and the administrator get 403 on pages and 404 on objects, a manager of
another organization 404 on objects.
"""

from maillage.testing.matrix import Entry, org_object, org_page

from .builders import make_collaboration

MATRIX = {
    "collaboration:list": Entry(org_page(pg=200, ptp=200)),
    "collaboration:new": Entry(org_page(pg=200, ptp=200)),
    "collaboration:edit": Entry(org_object(pg=200, ptp=200), kwargs="collab_collaboration"),
    "collaboration:requests": Entry(org_page(pg=200, ptp=200)),
    "collaboration:request_new": Entry(org_page(pg=200, ptp=200)),
    "collaboration:request_summary": Entry(org_page(pg=200)),
    "collaboration:bridge": Entry(org_page(pg=200, ptp=200)),
}


TARGETS = {
    "collab_collaboration": lambda org, ptp, pg: {"uuid": make_collaboration(org, ptp).uuid},
}
