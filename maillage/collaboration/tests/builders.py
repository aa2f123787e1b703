"""Builders for the work-with-partners tests.

They are shared with other apps' tests, so they live in maillage/testing/builders/."""

from maillage.testing.builders.collaboration import (
    make_collaboration,
    make_partner,
    make_referral_at,
    make_referral_flow,
    make_request,
)

__all__ = [
    "make_collaboration",
    "make_partner",
    "make_referral_at",
    "make_referral_flow",
    "make_request",
]
