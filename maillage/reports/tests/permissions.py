"""The reports URLs in the permission matrix (maillage/core/tests/test_permission_matrix.py).

The participation report is the manager's: a PTP, the évaluateur and the administrator get
403. The outsider, a manager too, gets her own organization's report (200), never ours: no
object is named in these URLs, the organization is the active one.
"""

from maillage.testing.matrix import Entry, org_page

MATRIX = {
    "reports:participation": Entry(org_page(pg=200)),
    "reports:participation_pdf": Entry(org_page(pg=200)),
    "reports:participation_xlsx": Entry(org_page(pg=200)),
    "reports:participation_docx": Entry(org_page(pg=200)),
}
