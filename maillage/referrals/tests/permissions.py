"""The referral URLs in the permission matrix (maillage/core/tests/test_permission_matrix.py).

Outreach workers and managers of the organization refer families and follow referrals up;
the évaluateur and the administrator get 403 on pages and 404 on objects, a manager of
another organization 404 on objects.
"""

from maillage.testing.matrix import Entry, org_object, org_page

from .builders import make_family, make_referral, make_service

MATRIX = {
    "referrals:new": Entry(org_object(pg=200, ptp=200), kwargs="referral_family"),
    "referrals:detail": Entry(org_object(pg=200, ptp=200), kwargs="referral"),
    "referrals:status": Entry(
        org_object(pg=302, ptp=302),
        method="post",
        kwargs="referral",
        data={"to_status": "accepted"},
    ),
    "referrals:follow_up": Entry(org_page(pg=200, ptp=200)),
}


def _referral(org, ptp, pg):
    service = make_service(org, partner_name="Partenaire de la matrice")
    return {"uuid": make_referral(make_family(org, ptp), ptp, service=service).uuid}


TARGETS = {
    "referral_family": lambda org, ptp, pg: {"uuid": make_family(org, ptp).uuid},
    "referral": _referral,
}
