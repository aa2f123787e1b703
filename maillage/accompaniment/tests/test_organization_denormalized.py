"""A contact carries its family's organization, so reports filter and group contacts by
organization without joining the families."""

from datetime import timedelta

from django.utils import timezone

from maillage.accompaniment.models import Contact
from maillage.accompaniment.services import record_contact, update_contact

from .builders import make_family


def _values(**extra):
    return {"mode": "phone", "duration_minutes": 10} | extra


def test_a_recorded_contact_carries_its_familys_organization(ptp, family, other_org, outsider):
    elsewhere = make_family(other_org, outsider)

    ours = record_contact(ptp, family, _values())
    theirs = record_contact(outsider, elsewhere, _values())

    assert (
        Contact.objects.across_organizations("test").get(pk=ours.pk).organization_id
        == family.organization_id
    )
    assert (
        Contact.objects.across_organizations("test").get(pk=theirs.pk).organization_id
        == other_org.pk
    )
    assert list(
        Contact.objects.across_organizations("test").filter(organization=family.organization)
    ) == [ours]


def test_a_corrected_contact_keeps_its_organization(ptp, family):
    contact = record_contact(ptp, family, _values())

    update_contact(ptp, contact, _values(date=timezone.localdate() - timedelta(days=3)))

    assert (
        Contact.objects.across_organizations("test").get(pk=contact.pk).organization_id
        == family.organization_id
    )
