"""Referring a family: a need and a service, shared with the partner only with consent."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.families.models import Status, StatusChange
from maillage.referrals.models import Referral

from .builders import make_service, make_sharing_consent
from .conftest import in_english


def new_url(family):
    return reverse("referrals:new", args=[family.uuid])


def form_data(**extra):
    return {
        "need": "childcare",
        "follow_up_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
    } | extra


def test_with_sharing_consent_the_referral_may_be_shared(ptp_client, ptp, family, service):
    make_sharing_consent(family, ptp, partner_name="clsc du nord")  # case does not matter
    page = ptp_client.get(new_url(family))
    assert page.status_code == 200
    assert "clsc du nord" in page.content.decode()

    response = in_english(ptp_client).post(
        new_url(family), form_data(service=service.uuid, accompanied="on"), follow=True
    )

    referral = Referral.objects.across_organizations("test").get(family=family)
    assert (referral.service, referral.partner_name, referral.status) == (service, "", "proposed")
    assert referral.information_only is False
    assert referral.accompanied is True
    assert referral.created_by == ptp
    assert "agreed to share information with CLSC du Nord" in response.content.decode()
    assert [(e.from_status, e.to_status) for e in referral.events.all()] == [("", "proposed")]
    event = AuditEvent.objects.for_org(family.organization).get(action="family.referral.created")
    assert event.object_uuid == family.uuid
    assert "need" in event.changed_fields and "service" in event.changed_fields


def test_without_sharing_consent_it_is_information_only(ptp_client, ptp, family, service):
    make_sharing_consent(family, ptp, partner_name="Une autre ressource")

    response = in_english(ptp_client).post(
        new_url(family), form_data(service=service.uuid), follow=True
    )

    referral = Referral.objects.across_organizations("test").get(family=family)
    assert referral.information_only is True
    assert "saved as information given to the family" in response.content.decode()
    assert "nothing about the family leaves the organization" in response.content.decode()


def test_a_partner_outside_the_directory_is_typed_in(pg_client, pg, family):
    make_sharing_consent(family, pg, partner_name="Friperie Saint-Côme")

    response = pg_client.post(new_url(family), form_data(partner_name=" Friperie Saint-Côme "))

    assert response.status_code == 302
    referral = Referral.objects.across_organizations("test").get(family=family)
    assert (referral.service, referral.partner_name) == (None, "Friperie Saint-Côme")
    assert referral.information_only is False


def test_a_withdrawn_consent_no_longer_covers_the_partner(ptp_client, ptp, family, service):
    consent = make_sharing_consent(family, ptp)
    consent.withdrawn_on = timezone.localdate()
    consent.save(update_fields=["withdrawn_on"])

    ptp_client.post(new_url(family), form_data(service=service.uuid))

    assert Referral.objects.across_organizations("test").get(family=family).information_only is True


def test_bad_input_is_kept_with_errors_next_to_the_fields(ptp_client, family):
    response = in_english(ptp_client).post(
        new_url(family), {"need": "childcare", "follow_up_on": "2001-01-01"}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "Choose a service from the directory" in form.errors["service"][0]
    assert "cannot be in the past" in form.errors["follow_up_on"][0]
    assert form["need"].value() == "childcare"
    assert not Referral.objects.across_organizations("test").exists()


def test_service_and_typed_partner_together_are_refused(ptp_client, family, service):
    response = ptp_client.post(
        new_url(family), form_data(service=service.uuid, partner_name="Autre")
    )

    assert response.status_code == 200
    assert "partner_name" in response.context["form"].errors
    assert not Referral.objects.across_organizations("test").exists()


def test_a_service_of_another_organization_cannot_be_chosen(ptp_client, family, other_org):
    foreign = make_service(other_org, partner_name="Ailleurs")

    response = ptp_client.post(new_url(family), form_data(service=foreign.uuid))

    assert response.status_code == 200
    assert "service" in response.context["form"].errors
    assert not Referral.objects.across_organizations("test").exists()


def test_a_closed_family_takes_no_new_referral(ptp_client, ptp, family, service):
    family.status = Status.CLOSED
    family.save(update_fields=["status"])
    StatusChange.objects.create(family=family, to_status=Status.CLOSED, changed_by=ptp)

    response = in_english(ptp_client).post(new_url(family), form_data(service=service.uuid))

    assert response.status_code == 200
    assert "file is closed" in response.content.decode()
    assert not Referral.objects.across_organizations("test").exists()


def test_outsider_gets_404(outsider_client, family, service):
    assert outsider_client.get(new_url(family)).status_code == 404
    response = outsider_client.post(new_url(family), form_data(service=service.uuid))
    assert response.status_code == 404
    assert not Referral.objects.across_organizations("test").exists()


def test_evaluator_gets_404(evaluator_client, family):
    assert evaluator_client.get(new_url(family)).status_code == 404


def test_the_database_refuses_a_referral_to_nobody(ptp, family):
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(family=family, need="food", created_by=ptp)
