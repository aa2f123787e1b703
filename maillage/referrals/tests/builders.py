"""Builders for referral tests: a directory entry, a sharing consent, a referral.

They are shared with other apps' tests, so they live in maillage/testing/builders/."""

from maillage.testing.builders import make_family
from maillage.testing.builders.referrals import make_referral, make_service, make_sharing_consent

__all__ = ["make_family", "make_referral", "make_service", "make_sharing_consent"]
