"""The service-gap URLs in the permission matrix (maillage/core/tests/test_permission_matrix.py).

Workers and managers of the organization read the register and a gap; only managers
decide about gaps and see the organization's exact concertation table. The shared table of
a community is open to the workers and managers of its organizations. The évaluateur and the
administrator get 403 on pages and 404 on objects; a manager of another organization, 404 on
objects (and on the community she is not part of).
"""

from maillage.testing.builders import make_community
from maillage.testing.matrix import Entry, org_object, org_page

from .builders import make_gap

MATRIX = {
    "gaps:register": Entry(org_page(pg=200, ptp=200)),
    "gaps:new": Entry(org_page(pg=200)),
    "gaps:concertation": Entry(org_page(pg=200)),
    "gaps:concertation_shared": Entry(org_object(pg=200, ptp=200), kwargs="gap_community"),
    "gaps:detail": Entry(org_object(pg=200, ptp=200), kwargs="gap"),
    "gaps:edit": Entry(org_object(pg=200), kwargs="gap"),
    "gaps:confirm": Entry(org_object(pg=302), method="post", kwargs="gap"),
    "gaps:dismiss": Entry(org_object(pg=302), method="post", kwargs="gap"),
    # Without a gap to merge into: the form comes back with its error.
    "gaps:merge": Entry(org_object(pg=200), method="post", kwargs="gap"),
}


TARGETS = {
    "gap": lambda org, ptp, pg: {"uuid": make_gap(org, status="suggested").uuid},
    "gap_community": lambda org, ptp, pg: {
        "uuid": make_community(org, name="Table de la matrice").uuid
    },
}
