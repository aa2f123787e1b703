"""The outreach log of the organization: filters, totals in SQL, pages of 30."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.accounts.models import Role
from maillage.outreach import services
from maillage.outreach.models import DefaultStrategy, Strategy
from maillage.testing.builders import make_member

URL = reverse("outreach:list")
DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def strategies(org):
    return {s.default: s for s in Strategy.objects.for_org(org).exclude(default="")}


def _log(worker, org, strategy, *, days=0, people=5, families=1, minutes=60):
    return services.record_outreach(
        worker,
        org,
        {
            "date": DAY + datetime.timedelta(days=days),
            "strategy": strategy,
            "people_met": people,
            "families_reached": families,
            "duration_minutes": minutes,
            "municipality": org.municipalities.first(),
        },
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_rows(pg_client, ptp, org, strategies):
    park = strategies[DefaultStrategy.PARK]
    for day in range(3):
        _log(ptp, org, park, days=day)
    few = _queries(pg_client, URL)
    for day in range(27):
        _log(make_member(org, Role.PTP).user, org, park, days=day)

    assert _queries(pg_client, URL) == few


def test_newest_first_thirty_per_page(ptp_client, ptp, org, strategies):
    park = strategies[DefaultStrategy.PARK]
    for day in range(31):
        _log(ptp, org, park, days=day, people=day)

    first = ptp_client.get(URL).context["page"]
    assert len(first) == 30
    assert first[0].people_met == 30
    second = ptp_client.get(URL, {"page": 2}).context["page"]
    assert [a.people_met for a in second] == [0]


def test_totals_of_the_filtered_activities(pg_client, ptp, pg, org, strategies):
    park, school = strategies[DefaultStrategy.PARK], strategies[DefaultStrategy.SCHOOL_CPE]
    _log(ptp, org, park, people=4, families=1, minutes=30)
    _log(ptp, org, school, days=1, people=10, families=3, minutes=90)
    _log(pg, org, park, days=2, people=6, families=0, minutes=None)
    _log(ptp, org, park, days=10, people=100, families=50, minutes=600)

    everything = pg_client.get(URL).context["totals"]
    assert (everything["count"], everything["people"], everything["families"]) == (4, 120, 54)
    assert everything["hours"] == 12

    filtered = pg_client.get(
        URL,
        {
            "worker": str(ptp.uuid),
            "strategy": str(park.uuid),
            "start": DAY.isoformat(),
            "end": (DAY + datetime.timedelta(days=5)).isoformat(),
        },
    )
    totals = filtered.context["totals"]
    assert (totals["count"], totals["people"], totals["families"], totals["hours"]) == (
        1,
        4,
        1,
        0.5,
    )
    assert [a.people_met for a in filtered.context["page"]] == [4]


def test_other_organizations_activities_are_never_listed(
    pg_client, outsider, other_org, org, ptp, strategies
):
    _log(ptp, org, strategies[DefaultStrategy.PARK], people=3)
    theirs = Strategy.objects.for_org(other_org).first()
    services.record_outreach(outsider, other_org, {"strategy": theirs, "people_met": 99})

    page = pg_client.get(URL).context["page"]
    assert [a.people_met for a in page] == [3]


def test_htmx_filters_get_the_rows_only(ptp_client, ptp, org, strategies):
    _log(ptp, org, strategies[DefaultStrategy.PARK])

    response = ptp_client.get(URL, headers={"HX-Request": "true"})

    assert response.templates[0].name == "outreach/partials/activity_rows.html"
    assert "<h1>" not in response.content.decode()


def test_evaluator_and_admin_get_403(evaluator_client, admin_client):
    assert evaluator_client.get(URL).status_code == 403
    assert admin_client.get(URL).status_code == 403


def test_the_outsider_sees_only_their_own_empty_log(outsider_client, ptp, org, strategies):
    _log(ptp, org, strategies[DefaultStrategy.PARK])

    response = outsider_client.get(URL)

    assert response.status_code == 200
    assert response.context["totals"]["count"] == 0
