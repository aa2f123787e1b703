"""The team view's figures, on a small team whose numbers are worked out by hand below.

The period is October 2026. Maëlle (PTP), Théo (PTP) and Odile (the PG, who also saw a
family) work for ``org``; Paul, a second PG, only supervises. Family A is shared by Maëlle
and Théo. Maëlle also works for ``other_org``: what she does there is not counted here.
"""

import datetime
from decimal import Decimal

import pytest

from maillage.accounts.models import Membership, Role
from maillage.families.models import Status

from .builders import (
    make_collaboration,
    make_contact,
    make_family_created,
    make_outreach,
    make_request,
    make_worker,
)

OCTOBER = {"kind": "month", "month": "10", "year": "2026"}
D = datetime.date


@pytest.fixture
def team(org, other_org, ptp, pg, outsider):
    theo = make_worker(org, "Théo Bergeron")
    paul = make_worker(org, "Paul Supervise", role=Role.PG)
    # Family A: Maëlle's, shared with Théo, created in October.
    a = make_family_created(org, ptp, D(2026, 10, 5), also=[theo])
    # Family B: Maëlle's, created in September.
    b = make_family_created(org, ptp, D(2026, 9, 20))
    # Family C: Maëlle's, created in October and already closed.
    make_family_created(org, ptp, D(2026, 10, 12), status=Status.CLOSED)
    # Family D: Théo's, created in August.
    make_family_created(org, theo, D(2026, 8, 1))

    make_contact(
        a,
        ptp,
        date=D(2026, 10, 6),
        duration_minutes=60,
        travel_minutes=30,
        distance_km=Decimal("12.5"),
    )
    make_contact(
        b,
        ptp,
        date=D(2026, 10, 20),
        duration_minutes=48,
        travel_minutes=20,
        distance_km=Decimal("8.0"),
    )
    make_contact(
        b,
        ptp,
        date=D(2026, 9, 25),
        duration_minutes=90,
        travel_minutes=40,
        distance_km=Decimal("30.0"),
    )  # September
    make_contact(
        a,
        theo,
        date=D(2026, 10, 7),
        duration_minutes=30,
        travel_minutes=18,
        distance_km=Decimal("5.5"),
    )
    make_contact(b, pg, date=D(2026, 10, 21), duration_minutes=12)

    make_outreach(org, ptp, D(2026, 10, 3), 120)
    make_outreach(org, ptp, D(2026, 9, 10), 60)  # September
    make_collaboration(org, ptp, date=D(2026, 10, 15), duration_minutes=90)
    make_request(org, ptp, partner_name="Clinique du Nord", date=D(2026, 10, 16), minutes_spent=30)

    # Maëlle's work for the other organization, in October too.
    Membership.objects.create(user=ptp, organization=other_org, role=Role.PTP)
    elsewhere = make_family_created(other_org, ptp, D(2026, 10, 8))
    make_contact(elsewhere, ptp, date=D(2026, 10, 9), duration_minutes=600, travel_minutes=60)
    make_outreach(other_org, ptp, D(2026, 10, 9), 300)
    return {"theo": theo, "paul": paul}


def _rows(response):
    return {str(row.membership.user): row for row in response.context["rows"]}


def test_each_worker_gets_the_figures_of_the_period(pg_en, team):
    response = pg_en.get("/equipe/suivi/", OCTOBER)
    assert response.status_code == 200
    rows = _rows(response)
    # Paul only supervises: no row. Odile saw a family: her row is there.
    assert list(rows) == ["Maëlle Desrosiers", "Odile Lanctôt", "Théo Bergeron"]

    maelle = rows["Maëlle Desrosiers"]
    assert maelle.active_families == 2  # A and B (C is closed)
    assert maelle.new_families == 2  # A and C, created in October
    assert maelle.contacts == 2  # 6 and 20 October; not September's, not the other org's
    assert maelle.contact_minutes == 60 + 48
    assert maelle.travel_minutes == 30 + 20
    assert maelle.distance_km == Decimal("20.5")
    assert maelle.outreach_minutes == 120
    assert maelle.collaboration_minutes == 90
    assert maelle.out_of_mandate_minutes == 30

    theo = rows["Théo Bergeron"]
    assert (theo.active_families, theo.new_families, theo.contacts) == (2, 1, 1)  # A, D; A
    assert (theo.contact_minutes, theo.travel_minutes, theo.distance_km) == (30, 18, Decimal("5.5"))
    assert (theo.outreach_minutes, theo.collaboration_minutes, theo.out_of_mandate_minutes) == (
        0,
        0,
        0,
    )

    odile = rows["Odile Lanctôt"]
    assert (odile.active_families, odile.contacts, odile.contact_minutes) == (0, 1, 12)


def test_the_team_total_counts_a_shared_family_once(pg_en, team):
    total = pg_en.get("/equipe/suivi/", OCTOBER).context["total"]
    assert total.active_families == 3  # A, B, D: A is Maëlle's and Théo's
    assert total.new_families == 2  # A and C
    assert total.contacts == 2 + 1 + 1
    assert total.contact_minutes == 108 + 30 + 12
    assert total.travel_minutes == 50 + 18
    assert total.distance_km == Decimal("26.0")
    assert total.outreach_minutes == 120
    assert total.collaboration_minutes == 90
    assert total.out_of_mandate_minutes == 30


def test_the_table_shows_hours_with_one_decimal(pg_en, team):
    html = pg_en.get("/equipe/suivi/", OCTOBER).content.decode()
    # Maëlle: 108 min of contacts = 1.8 h; 50 min of travel = 0.8 h; 20.5 km.
    assert '<td class="num">1.8</td>' in html
    assert '<td class="num">0.8</td>' in html
    assert '<td class="num">20.5</td>' in html
    # The team: 150 min = 2.5 h; 68 min of travel = 1.1 h.
    assert '<td class="num">2.5</td>' in html
    assert '<td class="num">1.1</td>' in html


def test_trends_cover_the_twelve_months_that_end_with_the_period(pg_en, team):
    response = pg_en.get("/equipe/suivi/", OCTOBER)
    months = response.context["months"]
    assert (months[0], months[-1], len(months)) == (D(2025, 11, 1), D(2026, 10, 1), 12)
    sections = {section["key"]: section for section in response.context["sections"]}

    contact = dict(sections["contact-hours"]["workers"])["Maëlle Desrosiers"]
    assert contact[-2:] == [90 / 60, 108 / 60]  # September, October
    assert sum(contact[:-2]) == 0
    assert sections["contact-hours"]["team"][-1] == 150 / 60

    outreach = dict(sections["outreach-hours"]["workers"])["Maëlle Desrosiers"]
    assert outreach[-2:] == [1.0, 2.0]

    travel = sections["travel-hours"]["team"]
    assert travel[-2:] == [40 / 60, 68 / 60]

    # New families: D in August, B in September, A and C in October (A counted once).
    new = sections["new-families"]
    assert new["team"][-3:] == [1, 1, 2]
    assert dict(new["workers"])["Théo Bergeron"][-3:] == [1, 0, 1]


def test_a_worker_paused_for_weeks_shows_since_when(pg_en, team, ptp):
    from django.utils import timezone

    paused_on = timezone.localdate() - datetime.timedelta(days=27)
    Membership.objects.for_org(team["theo"].memberships.get().organization).filter(
        user=team["theo"]
    ).update(intake_open=False, intake_changed_on=paused_on)
    html = pg_en.get("/equipe/suivi/", OCTOBER).content.decode()
    assert "(27 days)" in html
    assert "1 worker paused" in html


def test_the_worker_page_gives_her_figures_by_month(pg_en, team, ptp, org):
    membership = Membership.objects.for_org(org).get(user=ptp)
    response = pg_en.get(f"/equipe/suivi/{membership.uuid}/", OCTOBER)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.contacts, figures.contact_minutes, figures.new_families) == (2, 108, 2)
    by_month = dict(response.context["by_month"])
    assert by_month[D(2026, 9, 1)].contact_minutes == 90
    assert by_month[D(2026, 9, 1)].outreach_minutes == 60
    assert by_month[D(2026, 10, 1)].collaboration_minutes == 90
    assert by_month[D(2026, 10, 1)].out_of_mandate_minutes == 30
    # Her hours as one chart: a line per kind of work, no team bars.
    html = response.content.decode()
    assert html.count('role="img"') == 1
    assert '<title id="chart-worker-hours-title">Hours of Maëlle Desrosiers by month' in html
    assert html.count("<polyline ") == 5 and "Team total (bars)" not in html


def test_no_family_code_on_the_team_pages(pg_en, team, ptp, org):
    from maillage.families.models import Family

    codes = list(Family.objects.for_org(org).values_list("code", flat=True))
    membership = Membership.objects.for_org(org).get(user=ptp)
    for url in ("/equipe/suivi/", f"/equipe/suivi/{membership.uuid}/"):
        html = pg_en.get(url, OCTOBER).content.decode()
        assert codes and not any(code in html for code in codes)


def test_a_manager_of_another_organization_sees_only_her_own_team(outsider_client, team, org, ptp):
    response = outsider_client.get("/equipe/suivi/", OCTOBER)
    rows = _rows(response)
    # Maëlle works for both organizations: there, only her work for the other one counts.
    assert list(rows) == ["Maëlle Desrosiers"]
    maelle = rows["Maëlle Desrosiers"]
    assert (maelle.active_families, maelle.contacts, maelle.contact_minutes) == (1, 1, 600)
    assert maelle.outreach_minutes == 300
    assert "Théo Bergeron" not in response.content.decode()

    theirs = Membership.objects.for_org(org).get(user=ptp)
    assert outsider_client.get(f"/equipe/suivi/{theirs.uuid}/").status_code == 404


def test_an_outreach_worker_may_not_see_the_team_view(ptp_client, team, org, ptp):
    own = Membership.objects.for_org(org).get(user=ptp)
    assert ptp_client.get("/equipe/suivi/", OCTOBER).status_code == 403
    assert ptp_client.get(f"/equipe/suivi/{own.uuid}/").status_code == 403


def test_each_trend_is_an_accessible_chart_with_its_table(pg_en, team):
    html = pg_en.get("/equipe/suivi/", OCTOBER).content.decode()
    assert html.count('role="img" aria-labelledby="chart-') == 4
    for key in ("contact-hours", "outreach-hours", "travel-hours", "new-families"):
        assert f'<title id="chart-{key}-title">' in html
        assert f'<caption id="{key}-caption">' in html
    # One line per worker in each chart: Maëlle, Odile and Théo.
    assert html.count("<polyline ") == 4 * 3


def test_a_team_without_outreach_workers_says_so(pg_en):
    response = pg_en.get("/equipe/suivi/", OCTOBER)
    assert response.context["rows"] == []
    html = response.content.decode()
    assert "No outreach worker in the team yet." in html
    assert "<svg" not in html.split("<main", 1)[1].split("</main>", 1)[0]
