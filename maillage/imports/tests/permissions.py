"""The imports URLs in the permission matrix (maillage/core/tests/test_permission_matrix.py).

Only the manager imports history: the PTP, the évaluateur and the administrator get 403 on
the pages and 404 on a checked file; a manager of another organization works in her own
(200 on the pages, 404 on this organization's file).
"""

from maillage.testing.matrix import Entry, org_object, org_page

from .builders import make_pending_import

MATRIX = {
    "imports:upload": Entry(org_page(pg=200)),
    "imports:template": Entry(org_page(pg=200)),
    "imports:detail": Entry(org_object(pg=200), kwargs="history_import"),
    # Without the hash of the checked file: the page comes back and nothing is imported.
    "imports:confirm": Entry(org_object(pg=200), method="post", kwargs="history_import"),
}


TARGETS = {
    "history_import": lambda org, ptp, pg: {"uuid": make_pending_import(org, pg).uuid},
}
