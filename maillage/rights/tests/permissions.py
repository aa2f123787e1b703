"""The rights URLs in the permission matrix (maillage/core/tests/test_permission_matrix.py).

Only the manager (``can_manage_privacy``) records and answers a family's requests and the
disclosures made without consent: a worker gets 403, the platform roles 403 on pages and 404
on objects, a manager of another organization 404 on anything of this one.
"""

from maillage.testing.builders import make_family
from maillage.testing.matrix import Entry, org_object, org_page

from .builders import make_request

MATRIX = {
    "rights:requests": Entry(org_page(pg=200)),
    "rights:disclosures": Entry(org_page(pg=200)),
    "rights:family": Entry(org_object(pg=200), kwargs="rights_family"),
    "rights:request_new": Entry(org_object(pg=200), kwargs="rights_family"),
    "rights:disclosure_new": Entry(org_object(pg=200), kwargs="rights_family"),
    "rights:request_detail": Entry(org_object(pg=200), kwargs="rights_request"),
    # Posted empty: the form is refused (400) and nothing changes.
    "rights:request_close": Entry(org_object(pg=400), method="post", kwargs="rights_request"),
    "rights:answer_json": Entry(org_object(pg=200), kwargs="rights_request"),
    "rights:answer_csv": Entry(org_object(pg=200), kwargs="rights_request"),
    "rights:answer_pdf": Entry(org_object(pg=200), kwargs="rights_request"),
}


TARGETS = {
    "rights_family": lambda org, ptp, pg: {"uuid": make_family(org, ptp).uuid},
    "rights_request": lambda org, ptp, pg: {"uuid": make_request(make_family(org, ptp), pg).uuid},
}
