"""The retention URLs in the permission matrix (maillage/core/tests/test_permission_matrix.py).

Only the manager sets the retention schedule and notes a family's rectification: a worker
gets 403, the évaluateur and the administrator 403 on the page and 404 on a family, a manager
of another organization her own organization's page, and 404 on a family of this one.
"""

from maillage.testing.builders import make_family
from maillage.testing.matrix import Entry, org_object, org_page

MATRIX = {
    "retention:schedule": Entry(org_page(pg=200)),
    "retention:rectification_new": Entry(org_object(pg=200), kwargs="retention_family"),
}


TARGETS = {
    "retention_family": lambda org, ptp, pg: {"uuid": make_family(org, ptp).uuid},
}
