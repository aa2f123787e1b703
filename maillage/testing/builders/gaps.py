"""Service gaps: a referral walked to an outcome, a gap raised by hand."""

from __future__ import annotations

from maillage.gaps.models import GapStatus, ServiceGap
from maillage.referrals.services import change_status, create_referral


def make_unmet_referral(family, by, *, need="childcare", reason="transport", outcome="not_used"):
    """A referral walked proposed → accepted → requested → ``outcome`` for ``reason``."""
    referral = create_referral(by, family, need, service=None, partner_name="CLSC du Nord")
    change_status(by, referral, "accepted")
    change_status(by, referral, "requested")
    change_status(by, referral, outcome, reason)
    return referral


def make_gap(org, *, status=GapStatus.CONFIRMED, need="transport", cause="transport", **extra):
    values = {"region": org.region} | extra
    return ServiceGap.objects.create(
        organization=org, need=need, cause=cause, status=status, **values
    )
