"""A referral carries its family's organization, so reports filter and group referrals by
organization without joining the families."""

from maillage.referrals.models import Referral
from maillage.referrals.services import change_status

from .builders import make_family, make_referral


def test_a_referral_carries_its_familys_organization(ptp, family, service, other_org, outsider):
    elsewhere = make_family(other_org, outsider)

    ours = make_referral(family, ptp, service=service)
    theirs = make_referral(elsewhere, outsider, partner_name="Comptoir alimentaire")

    assert (
        Referral.objects.across_organizations("test").get(pk=ours.pk).organization_id
        == family.organization_id
    )
    assert (
        Referral.objects.across_organizations("test").get(pk=theirs.pk).organization_id
        == other_org.pk
    )
    assert list(
        Referral.objects.across_organizations("test").filter(organization=family.organization)
    ) == [ours]


def test_a_referral_keeps_its_organization_along_its_flow(ptp, family):
    referral = make_referral(family, ptp)

    change_status(ptp, referral, "accepted")

    assert (
        Referral.objects.across_organizations("test").get(pk=referral.pk).organization_id
        == family.organization_id
    )
