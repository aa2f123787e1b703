from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.organizations.models import Community, Milieu, Organization
from maillage.testing.builders import make_municipality, make_region


def test_members_see_their_territory_with_the_attribution(ptp_client, org):
    page = ptp_client.get(reverse("organizations:profile")).content.decode()
    assert "Saint-Côme" in page
    assert "Répertoire des municipalités du Québec" in page


def test_the_manager_requires_two_factor_for_everyone(pg_client, org):
    municipality = org.municipalities.get()
    response = pg_client.post(
        reverse("organizations:settings"),
        {
            "municipalities": [municipality.pk],
            "require_mfa_for_all": "on",
            "team_visibility": "on",
            "stale_after_weeks": "4",
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.require_mfa_for_all
    event = AuditEvent.objects.for_org(org).get(action="organization.updated")
    assert event.changed_fields == ["require_mfa_for_all"]


def test_the_manager_chooses_only_municipalities_of_the_region(pg_client, org):
    elsewhere = make_municipality(make_region("06", "Montréal"), name="Ailleurs")
    response = pg_client.post(reverse("organizations:settings"), {"municipalities": [elsewhere.pk]})
    assert response.status_code == 200
    assert "municipalities" in response.context["form"].errors
    assert not org.municipalities.filter(pk=elsewhere.pk).exists()


def test_admin_creates_an_organization(admin_client):
    region = make_region("04", "Mauricie")
    town = make_municipality(region, name="Shawinigan")
    response = admin_client.post(
        reverse("organizations:platform_create"),
        {
            "name": "Maison Nouvelle",
            "region": region.pk,
            "milieu": Milieu.MIXED,
            "municipalities": [town.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    created = Organization.objects.get(name="Maison Nouvelle")
    assert list(created.municipalities.all()) == [town]
    assert AuditEvent.objects.for_org(created).filter(action="organization.created").exists()


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(admin_client):
    region = make_region("04", "Mauricie")
    elsewhere = make_municipality(make_region("06", "Montréal"), name="Montréal-Nord")
    response = admin_client.post(
        reverse("organizations:platform_create"),
        {
            "name": "Maison Typée",
            "region": region.pk,
            "milieu": "",
            "municipalities": [elsewhere.pk],
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    # Both problems at once, each next to its field.
    assert set(errors) == {"milieu", "municipalities"}
    assert "Montréal-Nord" in str(errors["municipalities"])
    assert 'value="Maison Typée"' in response.content.decode()
    assert not Organization.objects.filter(name="Maison Typée").exists()


def test_admin_groups_organizations_in_a_community(admin_client, org, other_org):
    response = admin_client.post(
        reverse("organizations:community_create"),
        {
            "name": "Table petite enfance",
            "description": "",
            "organizations": [org.pk, other_org.pk],
        },
    )
    assert response.status_code == 302
    community = Community.objects.get(name="Table petite enfance")
    assert set(community.organizations.all()) == {org, other_org}


def test_deactivating_an_organization_closes_its_members_access(admin_client, org, ptp_client):
    form = {
        "name": org.name,
        "region": org.region_id,
        "milieu": org.milieu,
        "municipalities": [m.pk for m in org.municipalities.all()],
    }  # "is_active" left unticked
    assert (
        admin_client.post(reverse("organizations:platform_edit", args=[org.uuid]), form).status_code
        == 302
    )
    org.refresh_from_db()
    assert not org.is_active
    assert ptp_client.get(reverse("organizations:profile")).status_code == 403


def test_the_manager_turns_identity_on_and_sets_the_weeks_without_news(pg_client, org):
    response = pg_client.post(
        reverse("organizations:settings"),
        {"identity_enabled": "on", "stale_after_weeks": "0"},
    )
    assert "stale_after_weeks" in response.context["form"].errors
    org.refresh_from_db()
    assert not org.identity_enabled
    pg_client.post(
        reverse("organizations:settings"), {"identity_enabled": "on", "stale_after_weeks": "6"}
    )
    org.refresh_from_db()
    assert org.identity_enabled and org.stale_after_weeks == 6 and not org.team_visibility
