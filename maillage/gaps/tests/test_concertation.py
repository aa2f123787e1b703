"""The concertation tables: exact for the organization, suppressed when shared."""

from django.urls import reverse
from django.utils import timezone

from maillage.gaps import services
from maillage.gaps.models import ServiceGap
from maillage.testing.builders import make_community, make_member, make_organization

from .builders import make_gap, make_unmet_referral


def shared_url(community):
    return reverse("gaps:concertation_shared", args=[community.uuid])


def test_the_shared_table_of_two_organizations_shows_no_number_and_no_family(
    ptp, ptp_client, pg, org, family
):
    partner_org = make_organization("Centre communautaire Voisin", region=org.region)
    community = make_community(org, partner_org, name="Table petite enfance")
    make_unmet_referral(family, ptp, need="childcare", reason="transport")
    services.suggest_gaps(org, ptp)  # idempotent: the status change already suggested it
    [gap] = ServiceGap.objects.for_org(org)
    services.confirm_gap(pg, gap)
    make_gap(partner_org, need="food", cause="cost", families_added=12)
    make_gap(partner_org, need="housing", cause="waiting_list", families_added=9)

    response = ptp_client.get(shared_url(community))

    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt; 5" not in html
    assert response.context["withheld"]  # and the page says why
    assert family.code not in html
    cells = [value for row in response.context["body"] for value in row[2]]
    assert set(cells) == {"x"}  # each organization could work out the other's numbers
    cells = [value for row in response.context["body"] for value in row[2]]
    assert not any(isinstance(value, int) and 1 <= value <= 4 for value in cells)
    totals = [*response.context["column_totals"], response.context["total"]]
    assert not any(isinstance(value, int) and 1 <= value <= 4 for value in totals)


def test_the_organization_table_is_exact_for_its_manager(pg_client, org):
    make_gap(org, need="food", cause="cost", families_added=2)
    make_gap(org, need="food", cause="cost", status="suggested", families_added=7)

    response = pg_client.get(reverse("gaps:concertation"))

    [(_need, _territory, cells, total)] = response.context["body"]
    assert total == 2  # the suggestion is not counted yet
    assert 2 in cells


def test_the_period_filters_by_quarter(pg_client, org):
    make_gap(org, families_added=6)
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    other_quarter = quarter % 4 + 1
    shown = pg_client.get(reverse("gaps:concertation"), {"year": today.year, "quarter": quarter})
    hidden = pg_client.get(
        reverse("gaps:concertation"), {"year": today.year, "quarter": other_quarter}
    )
    assert len(shown.context["body"]) == 1
    assert hidden.context["body"] == []


def test_only_members_of_the_community_see_its_table(org, other_org, outsider_client, ptp_client):
    community = make_community(org)
    stranger_community = make_community(other_org)

    assert outsider_client.get(shared_url(community)).status_code == 404
    assert ptp_client.get(shared_url(stranger_community)).status_code == 404
    assert ptp_client.get(shared_url(community)).status_code == 200


def test_the_shared_table_adds_up_every_organization_of_the_community(org, ptp_client):
    partner_org = make_organization("Maison Voisine", region=org.region)
    third_org = make_organization("Maison Tierce", region=org.region)
    make_member(partner_org)
    community = make_community(org, partner_org, third_org)
    make_gap(org, families_added=6)
    make_gap(partner_org, families_added=7)
    make_gap(third_org, families_added=5)

    response = ptp_client.get(shared_url(community))

    [(_need, _territory, _cells, total)] = response.context["body"]
    assert total == 18
