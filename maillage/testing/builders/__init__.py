"""Builders for test data: small functions with sensible defaults, one module per domain.

The everyday ones (organizations, people, families) are imported from here:
``from maillage.testing.builders import make_family, make_member``. The rows of one
domain that several apps' tests build come from its module:
``from maillage.testing.builders.referrals import make_referral``. An app's own
``tests/builders.py`` keeps what only that app's tests use.
"""

from .accounts import PASSWORD, TOTP_SECRET, current_totp_code, make_member, make_user
from .families import FILE_CONSENT, draw_family_codes, make_family
from .organizations import (
    make_community,
    make_municipality,
    make_organization,
    make_privacy_officer,
    make_region,
)

__all__ = [
    "FILE_CONSENT",
    "PASSWORD",
    "TOTP_SECRET",
    "current_totp_code",
    "draw_family_codes",
    "make_community",
    "make_family",
    "make_member",
    "make_municipality",
    "make_organization",
    "make_privacy_officer",
    "make_region",
    "make_user",
]
