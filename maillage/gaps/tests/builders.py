"""Builders for gap tests: a referral walked to an outcome, a gap raised by hand.

They are shared with other apps' tests, so they live in maillage/testing/builders/."""

from maillage.testing.builders import make_family
from maillage.testing.builders.gaps import make_gap, make_unmet_referral

__all__ = ["make_family", "make_gap", "make_unmet_referral"]
