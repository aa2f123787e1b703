"""The manager's list of strategies: add one of the organization's own, put in or out of use;
the default strategies of a new organization."""

import pytest
from django.urls import reverse
from django.utils import translation

from maillage.audit.models import AuditEvent
from maillage.organizations.models import Milieu, Organization
from maillage.outreach.forms import QuickLogForm
from maillage.outreach.models import DefaultStrategy, Strategy
from maillage.testing.builders import make_municipality, make_region

URL = reverse("outreach:strategies")


def _toggle(strategy):
    return reverse("outreach:strategy_toggle", args=[strategy.uuid])


def _strategies(org):
    return Strategy.objects.for_org(org)


@pytest.fixture
def english(pg_client):
    pg_client.post(reverse("set_language"), {"language": "en", "next": "/"})


def test_a_manager_adds_a_strategy_offered_at_once(pg_client, pg, org):
    response = pg_client.post(URL, {"name": "  Marché   public  "})

    assert response["Location"] == URL
    strategy = _strategies(org).get(custom_name="Marché public")
    assert strategy.is_active
    assert strategy in QuickLogForm(organization=org).fields["strategy"].queryset
    event = AuditEvent.objects.for_org(org).get(action="outreach.strategy.added")
    assert (event.actor, event.object_uuid) == (pg, strategy.uuid)


@pytest.mark.parametrize(
    "name",
    [
        "marché public",  # an existing custom strategy, any case
        "MARCHÉ PUBLIC",
        "park or playground",  # a default strategy, in English
        "french park",  # the same, in French (see below)
    ],
)
def test_a_name_the_organization_already_has_is_refused_next_to_the_field(pg_client, org, name):
    if name == "french park":
        with translation.override("fr-ca"):
            name = str(DefaultStrategy.PARK.label).upper()
    pg_client.post(URL, {"name": "Marché public"})
    before = _strategies(org).count()

    response = pg_client.post(URL, {"name": name})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["name"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert f'value="{name}"' in response.content.decode()
    assert _strategies(org).count() == before


def test_another_organization_may_use_the_same_name(pg_client, outsider_client, org, other_org):
    outsider_client.post(URL, {"name": "Marché public"})

    assert pg_client.post(URL, {"name": "Marché public"}).status_code == 302
    assert _strategies(org).filter(custom_name="Marché public").count() == 1


@pytest.mark.parametrize(("name", "error"), [("", "required"), ("x" * 121, "at most 120")])
def test_a_name_is_required_and_short(english, pg_client, org, name, error):
    before = _strategies(org).count()

    response = pg_client.post(URL, {"name": name})

    assert error in response.context["form"].errors["name"][0]
    assert _strategies(org).count() == before


def test_a_strategy_out_of_use_leaves_the_quick_log_and_comes_back(pg_client, pg, org):
    park = _strategies(org).get(default=DefaultStrategy.PARK)
    offered = QuickLogForm(organization=org).fields["strategy"].queryset

    assert pg_client.post(_toggle(park), {"in_use": "0"})["Location"] == URL
    park.refresh_from_db()
    assert not park.is_active
    assert park not in offered.all()
    assert (
        AuditEvent.objects.for_org(org)
        .filter(action="outreach.strategy.updated", object_uuid=park.uuid)
        .exists()
    )

    pg_client.post(_toggle(park), {"in_use": "1"})
    park.refresh_from_db()
    assert park.is_active
    assert park in offered.all()


def test_a_repeated_toggle_changes_nothing_more(pg_client, org):
    park = _strategies(org).get(default=DefaultStrategy.PARK)

    pg_client.post(_toggle(park), {"in_use": "0"})
    pg_client.post(_toggle(park), {"in_use": "0"})

    park.refresh_from_db()
    assert not park.is_active
    assert AuditEvent.objects.for_org(org).filter(action="outreach.strategy.updated").count() == 1


def test_the_last_strategy_in_use_stays_in_use(pg_client, org):
    *_others, last = _strategies(org)
    _strategies(org).exclude(pk=last.pk).update(is_active=False)

    pg_client.post(_toggle(last), {"in_use": "0"})

    last.refresh_from_db()
    assert last.is_active


def test_outreach_workers_may_not_manage_strategies(ptp_client, org):
    park = _strategies(org).get(default=DefaultStrategy.PARK)

    assert ptp_client.get(URL).status_code == 403
    assert ptp_client.post(URL, {"name": "Marché public"}).status_code == 403
    assert ptp_client.post(_toggle(park), {"in_use": "0"}).status_code == 403
    park.refresh_from_db()
    assert park.is_active


def test_outsider_gets_404_on_a_strategy(outsider_client, org):
    park = _strategies(org).get(default=DefaultStrategy.PARK)

    assert outsider_client.post(_toggle(park), {"in_use": "0"}).status_code == 404
    park.refresh_from_db()
    assert park.is_active


def test_an_organization_the_admin_creates_starts_with_the_default_strategies(admin_client):
    # The organizations do not import the outreach: it seeds them on organization_created.
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
    seeded = Strategy.objects.for_org(created).values_list("default", flat=True)
    assert sorted(seeded) == sorted(choice.value for choice in DefaultStrategy)
