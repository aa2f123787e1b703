"""No family is kept before the organization names its person in charge (s. 3.1)."""

import pytest
from django.urls import reverse

from maillage.accounts.models import Role
from maillage.families.models import Family
from maillage.families.services import FamilyError
from maillage.testing.builders import FILE_CONSENT, make_family, make_member, make_organization
from maillage.testing.fixtures import logged_in_client

from .conftest import in_english

NEW = reverse("families:new")


@pytest.fixture
def bare_org(db):
    return make_organization("Organisme sans responsable", privacy_officer=False)


@pytest.fixture
def bare_ptp(bare_org):
    return make_member(bare_org, Role.PTP).user


def _new_family_post():
    return {
        "membres-TOTAL_FORMS": "1",
        "membres-INITIAL_FORMS": "0",
        "membres-MIN_NUM_FORMS": "0",
        "membres-MAX_NUM_FORMS": "12",
        "membres-0-role": "parent",
        "membres-0-birth_year": "1992",
        "file": "on",
        "method": "verbal",
        "text_version": "2026-01",
    }


def test_creating_a_family_is_refused_with_a_clear_message(bare_org, bare_ptp):
    client = in_english(logged_in_client(bare_ptp))
    response = client.post(NEW, _new_family_post())
    assert response.status_code == 200
    assert "must name its person in charge of the protection of personal information" in (
        response.content.decode()
    )
    assert not Family.objects.for_org(bare_org).exists()


def test_every_path_through_the_service_is_refused(bare_org, bare_ptp):
    with pytest.raises(FamilyError):
        make_family(bare_org, bare_ptp, consents=[dict(FILE_CONSENT)])
    assert not Family.objects.for_org(bare_org).exists()


@pytest.mark.parametrize("url", [NEW, reverse("families:list"), reverse("shell:home")])
def test_the_family_pages_say_why_and_link_to_the_privacy_page(url, bare_ptp):
    page = in_english(logged_in_client(bare_ptp)).get(url).content.decode()
    assert "no family can be added until then" in page
    assert (
        f'href="{reverse("privacy:page")}"' in page.split('<main id="main"')[1].split("</main>")[0]
    )


def test_with_a_person_in_charge_the_family_is_created_and_no_notice_shows(ptp_client, org):
    page = in_english(ptp_client).get(NEW).content.decode()
    assert "no family can be added until then" not in page
    family = make_family(org, org.memberships.get(role=Role.PTP).user)
    assert Family.objects.for_org(org).filter(pk=family.pk).exists()
