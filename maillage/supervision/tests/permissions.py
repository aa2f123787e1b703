"""The supervision URLs in the permission matrix (maillage/core/tests/test_permission_matrix.py).

The team's workload is the manager's: an outreach worker gets 403, the évaluateur and the
administrator 403 on the page and 404 on a worker's; a manager of another organization sees
her own team on the page and gets 404 on a worker of this one.
"""

from maillage.accounts.models import Membership
from maillage.testing.matrix import Entry, org_object, org_page

MATRIX = {
    "supervision:team": Entry(org_page(pg=200)),
    "supervision:worker": Entry(org_object(pg=200), kwargs="supervision_worker"),
}


TARGETS = {
    "supervision_worker": lambda org, ptp, pg: {
        "uuid": Membership.objects.for_org(org).get(user=ptp).uuid
    },
}
