"""Fixtures of the socle's tests: the objects every URL of the permission matrix names."""

import pytest

from maillage.accounts.models import Invitation, Membership, Role
from maillage.accounts.services import hash_token
from maillage.testing.builders import make_community, make_member
from maillage.testing.matrix import Targets, gather_targets

from .test_permission_matrix import APP_MATRICES

INVITATION_TOKEN = "a-token-for-the-matrix"


def _member(org, ptp, pg):
    return {"uuid": Membership.objects.for_org(org).get(user=ptp).uuid}


def _invitation(org, ptp, pg):
    # One invitation serves both targets (its token hash is unique).
    invitation, _ = Invitation.objects.for_org(org).get_or_create(
        token_hash=hash_token(INVITATION_TOKEN),
        defaults={
            "organization": org,
            "email": "newcomer@example.org",
            "role": Role.PTP,
            "invited_by": pg,
            "expires_at": "2999-01-01T00:00Z",
        },
    )
    return {"uuid": invitation.uuid}


def _token(org, ptp, pg):
    _invitation(org, ptp, pg)
    return {"token": INVITATION_TOKEN}


SOCLE_TARGETS = {
    "member": _member,
    "invitation": _invitation,
    "token": _token,
    "organization": lambda org, ptp, pg: {"uuid": org.uuid},
    "community": lambda org, ptp, pg: {"uuid": make_community(org).uuid},
    "user": lambda org, ptp, pg: {"uuid": make_member(org, Role.PTP).user.uuid},
    "reset_key": lambda org, ptp, pg: {"uidb36": "1", "key": "not-a-valid-key"},
}

TARGET_BUILDERS = gather_targets(SOCLE_TARGETS, APP_MATRICES)


@pytest.fixture
def lazy_targets(org, ptp, pg):
    """The matrix's targets, each built when a test first names it."""
    return Targets(TARGET_BUILDERS, org, ptp, pg)


@pytest.fixture
def targets(org, ptp, pg):
    """Every target built: for the walks over every URL (security suite, hostile text), which
    fill or fingerprint the database before they request the pages."""
    return dict(Targets(TARGET_BUILDERS, org, ptp, pg))


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
