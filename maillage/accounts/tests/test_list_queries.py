"""List pages: the number of queries does not grow with the number of rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.accounts.models import Role
from maillage.testing.builders import make_member, make_organization


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_team_page(pg_client, org):
    few = _queries(pg_client, reverse("accounts:team"))
    for _ in range(15):
        make_member(org, Role.PTP)
    assert _queries(pg_client, reverse("accounts:team")) == few


def test_platform_pages(admin_client, org):
    urls = [
        reverse("accounts:platform_accounts"),
        reverse("organizations:platform_list"),
        reverse("shell:home"),
    ]
    few = [_queries(admin_client, url) for url in urls]
    for _ in range(8):
        make_member(make_organization(), Role.PG)
    assert [_queries(admin_client, url) for url in urls] == few


def test_member_home_and_profile(pg_client, org):
    urls = [reverse("shell:home"), reverse("organizations:profile")]
    few = [_queries(pg_client, url) for url in urls]
    for _ in range(10):
        make_member(org, Role.PTP)
    assert [_queries(pg_client, url) for url in urls] == few
