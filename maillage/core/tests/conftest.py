"""Fixtures of the socle's tests: the objects every URL of the permission matrix names."""

import pytest

from maillage.accounts.models import Invitation, Membership, Role
from maillage.accounts.services import hash_token
from maillage.testing.builders import make_community, make_member

from .test_permission_matrix import APP_MATRICES


@pytest.fixture
def targets(org, ptp, pg):
    member = Membership.objects.for_org(org).get(user=ptp)
    invitation = Invitation.objects.create(
        organization=org,
        email="newcomer@example.org",
        role=Role.PTP,
        token_hash=hash_token("a-token-for-the-matrix"),
        invited_by=pg,
        expires_at="2999-01-01T00:00Z",
    )
    built = {
        "member": {"uuid": member.uuid},
        "invitation": {"uuid": invitation.uuid},
        "token": {"token": "a-token-for-the-matrix"},
        "organization": {"uuid": org.uuid},
        "community": {"uuid": make_community(org).uuid},
        "user": {"uuid": make_member(org, Role.PTP).user.uuid},
        "reset_key": {"uidb36": "1", "key": "not-a-valid-key"},
    }
    for module in APP_MATRICES:
        if hasattr(module, "targets"):
            more = module.targets(org, ptp, pg)
            assert not built.keys() & more.keys(), f"target names reused by {module.__name__}"
            built |= more
    return built


@pytest.fixture
def clients(ptp, pg, evaluator, admin, outsider):
    """The persons behind the matrix's personas (the suite logs them in its own way)."""
    return {
        "ptp": ptp,
        "pg": pg,
        "evaluator": evaluator,
        "admin": admin,
        "outsider": outsider,
    }
