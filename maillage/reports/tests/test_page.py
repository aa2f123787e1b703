"""The report page: choosing the period, the preview, the links to the three files."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse

from maillage.core.periods import last_full_quarter
from maillage.families.models import Family

from .builders import make_quarter

URL = "/rapports/participation/"
QUARTER_QUERY = {"kind": "quarter", "year": "2026", "quarter": "1"}


@pytest.fixture
def english(pg_client):
    pg_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return pg_client


def test_the_page_is_at_its_french_address():
    assert reverse("reports:participation") == URL


def test_the_manager_sees_the_preview_and_the_three_downloads(english, org, ptp):
    quarter = make_quarter(org, ptp)
    html = english.get(URL, QUARTER_QUERY).content.decode()
    assert "From 2026-01-01 to 2026-03-31" in html
    assert "Maison des familles Test" in html
    for fmt in ("pdf", "xlsx", "docx"):
        assert (
            f'href="/rapports/participation/{fmt}/?kind=quarter&amp;year=2026&amp;quarter=1"'
            in html
        )
    # The families table and its chart.
    assert re.search(r"<th scope=\"row\">Families reached</th><td class=\"num\">4</td>", html)
    assert 'class="diagram diagram--bars"' in html
    for family in quarter.families.values():
        assert family.code not in html


def test_an_empty_period_shows_its_tables_without_empty_charts(english, org):
    html = english.get(URL, QUARTER_QUERY).content.decode()
    assert "Nothing recorded in this period." in html  # outreach, contacts, referrals...
    assert re.search(r"<th scope=\"row\">Families reached</th><td class=\"num\">0</td>", html)
    assert 'class="diagram diagram--bars"' not in html  # bars of nothing say nothing
    assert "Nothing to draw: no value above zero is shown." in html


def test_without_a_period_the_last_complete_quarter_is_shown(english, org):
    expected = last_full_quarter(datetime.date.today())
    html = english.get(URL).content.decode()
    assert f"From {expected.start.isoformat()} to {expected.end.isoformat()}" in html
    assert re.search(r'value="quarter"[^>]*selected', html)


def test_a_month_without_its_month_is_refused_next_to_the_field(english, org):
    response = english.get(URL, {"kind": "month", "year": "2026", "month": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'<ul class="errorlist"[^>]*id="id_month_error"[^>]*><li>Choose the month.', html
    )
    assert 'name="year" value="2026"' in html  # what was typed stays
    assert "participation/pdf/" not in html  # nothing to download yet


def test_dates_in_the_wrong_order_are_refused_next_to_the_end_date(english, org):
    query = {"kind": "custom", "start": "2026-03-31", "end": "2026-01-01"}
    html = english.get(URL, query).content.decode()
    assert re.search(r'id="id_end_error"[^>]*><li>The end date comes before the start date.', html)
    assert 'value="2026-03-31"' in html and 'value="2026-01-01"' in html


def test_a_month_a_year_and_chosen_dates(english, org):
    for query, text in [
        ({"kind": "month", "year": "2026", "month": "2"}, "From 2026-02-01 to 2026-02-28"),
        ({"kind": "year", "year": "2025"}, "From 2025-01-01 to 2025-12-31"),
        (
            {"kind": "custom", "start": "2026-01-15", "end": "2026-02-14"},
            "From 2026-01-15 to 2026-02-14",
        ),
    ]:
        assert text in english.get(URL, query).content.decode()


def test_the_outsider_sees_her_own_organization(outsider_client, org, ptp):
    make_quarter(org, ptp)
    html = outsider_client.get(URL, QUARTER_QUERY).content.decode()
    assert "Carrefour Autre" in html and "Maison des familles Test" not in html


def test_the_worker_may_not_open_the_report(ptp_client, org):
    assert ptp_client.get(URL).status_code == 403


def test_the_manager_finds_the_report_in_the_navigation(pg_client, ptp_client, org):
    home = reverse("shell:home")
    assert f'href="{URL}"' in pg_client.get(home).content.decode()
    assert f'href="{URL}"' not in ptp_client.get(home).content.decode()


def test_the_page_query_count_does_not_grow_with_the_rows(
    pg_client, org, ptp, django_assert_num_queries
):
    pg_client.get(URL, QUARTER_QUERY)  # the session's first request does extra work
    with django_assert_num_queries(PAGE_QUERIES):
        pg_client.get(URL, QUARTER_QUERY)
    make_quarter(org, ptp)
    assert Family.objects.for_org(org).count() == 7
    with django_assert_num_queries(PAGE_QUERIES):
        pg_client.get(URL, QUARTER_QUERY)


#: Seven for the request itself (session, user, memberships, navigation), then the
#: report's 15.
PAGE_QUERIES = 22
