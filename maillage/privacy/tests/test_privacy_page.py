"""The privacy page: the person in charge and how to reach them, the family's rights,
what Maillage keeps; the manager names the person in charge."""

from datetime import date

from django.urls import reverse

from maillage.accounts.models import Role
from maillage.audit.models import AuditEvent
from maillage.privacy.models import PrivacyOfficer
from maillage.testing.builders import make_member, make_organization
from maillage.testing.fixtures import logged_in_client

from .conftest import in_english

PAGE = reverse("privacy:page")
EDIT = reverse("privacy:officer_edit")


def _officer(org):
    return PrivacyOfficer.objects.for_org(org).get()


def test_a_worker_sees_who_is_in_charge_and_how_to_reach_them(ptp_client, org):
    officer = _officer(org)
    page = in_english(ptp_client).get(PAGE).content.decode()
    assert officer.name in page
    assert f'href="mailto:{officer.email}"' in page
    assert officer.phone in page
    assert "the person with the highest authority in the organization exercises" in page
    assert EDIT not in page


def test_the_footer_of_every_page_links_to_the_privacy_page(ptp_client, evaluator_client):
    for client in (ptp_client, evaluator_client):
        home = client.get(reverse("shell:home"))
        footer = home.content.decode().split('<footer class="site-footer">')[1]
        assert f'href="{PAGE}"' in footer


def test_the_page_explains_the_familys_rights(ptp_client):
    page = in_english(ptp_client).get(PAGE).content.decode()
    for right in ("See its file.", "Have it corrected.", "Withdraw its consent.", "Complain."):
        assert right in page
    assert "Commission d'accès à l'information du Québec" in page


def test_the_page_lists_what_maillage_keeps_from_the_inventory(ptp_client):
    page = in_english(ptp_client).get(PAGE).content.decode()
    assert "What Maillage keeps and why" in page
    assert "Reach the family, only when the organization records identity" in page
    assert "Handover note" in page  # the verbose name of an inventoried field


def test_evaluator_and_admin_read_the_general_statement(evaluator_client, admin_client, org):
    for client in (evaluator_client, admin_client):
        page = in_english(client).get(PAGE).content.decode()
        assert "Each one answers for the personal information it keeps" in page
        assert _officer(org).email not in page


def test_the_outsider_sees_her_own_organizations_person_in_charge(outsider_client, org, other_org):
    page = outsider_client.get(PAGE).content.decode()
    assert _officer(other_org).email in page
    assert _officer(org).email not in page


def test_the_manager_names_the_person_in_charge_by_delegation(pg_client, pg, db):
    org = pg.memberships.get().organization
    PrivacyOfficer.objects.for_org(org).delete()
    response = pg_client.post(
        EDIT,
        {
            "name": "Coordonnatrice administrative",
            "email": "vieprivee@example.org",
            "phone": "450 555-0199",
            "since": "2026-02-01",
            "delegated_on": "2026-01-20",
        },
    )
    assert response.status_code == 302
    officer = _officer(org)
    assert (officer.name, officer.delegated_on) == (
        "Coordonnatrice administrative",
        date(2026, 1, 20),
    )
    page = in_english(pg_client).get(PAGE).content.decode()
    assert "delegated this function in writing on" in page
    event = AuditEvent.objects.for_org(org).get(action="privacy.officer.named")
    assert event.actor == pg
    assert "vieprivee@example.org" not in str(event.changed_fields)


def test_changing_the_contact_is_audited_with_the_changed_fields_only(pg_client, pg, org):
    officer = _officer(org)
    response = pg_client.post(
        EDIT,
        {
            "name": officer.name,
            "email": "nouveau@example.org",
            "phone": officer.phone,
            "since": officer.since.isoformat(),
            "delegated_on": "",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.for_org(org).get(action="privacy.officer.changed")
    assert event.changed_fields == ["email"]
    assert _officer(org).email == "nouveau@example.org"


def test_a_bad_entry_is_refused_next_to_the_field_and_keeps_what_was_typed(pg_client, org):
    before = _officer(org).email
    response = in_english(pg_client).post(
        EDIT,
        {
            "name": "Direction",
            "email": "pas-un-courriel",
            "phone": "",
            "since": "2026-01-01",
            "delegated_on": "2026-03-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in page
    assert "The delegation comes first" in page
    assert 'value="pas-un-courriel"' in page
    assert _officer(org).email == before


def test_a_worker_may_not_name_the_person_in_charge(ptp_client, org):
    assert ptp_client.get(EDIT).status_code == 403
    assert ptp_client.post(EDIT, {"name": "Moi", "email": "moi@example.org"}).status_code == 403
    assert _officer(org).name != "Moi"


def test_an_organization_without_a_person_in_charge_says_so_to_its_team(db):
    bare = make_organization("Organisme sans responsable", privacy_officer=False)
    manager = logged_in_client(make_member(bare, Role.PG).user)
    page = in_english(manager).get(PAGE).content.decode()
    assert "has not yet named its person in charge" in page
    assert f'href="{EDIT}"' in page
