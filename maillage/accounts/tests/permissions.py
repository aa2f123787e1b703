"""Accounts URLs in the permission matrix, gathered by core/tests/test_permission_matrix.py.

(The older accounts URLs are in the matrix's own SOCLE.)
"""

from maillage.accounts import services
from maillage.accounts.models import Membership, Role
from maillage.testing.builders import make_user
from maillage.testing.matrix import Entry, org_object

MATRIX = {
    "accounts:approve_invitation": Entry(
        org_object(pg=302), method="post", kwargs="accounts_platform_invitation"
    ),
    # The matrix's "member" target; with nothing to unlock the manager is sent back.
    "accounts:unlock_member": Entry(org_object(pg=302), method="post", kwargs="member"),
}


def _platform_invitation(org, ptp, pg):
    """An invitation the platform administrator made: it waits for the manager's approval."""
    administrator = make_user()
    Membership.objects.create(user=administrator, role=Role.ADMIN)
    invitation = services.invite_member(
        administrator, org, administrator.email, Role.PG, base_url="http://testserver/"
    )
    return {"uuid": invitation.uuid}


TARGETS = {"accounts_platform_invitation": _platform_invitation}
