"""The planner settings of the pages that aggregate many rows (``maillage.core.planner``):
set while their queries run, restored afterwards; the participation report and the team view
compute under the one-organization settings."""

import pytest
from django.db import connection
from django.urls import reverse

from maillage.core.planner import ONE_ORGANIZATION, reporting_queries
from maillage.testing.planner import current_planner_settings as current

on_postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner settings are PostgreSQL's"
)


def recording(monkeypatch, module, name):
    """Replace ``module.name`` with a wrapper that records the settings it ran under."""
    seen = []
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        seen.append(current())
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return seen


@on_postgresql_only
@pytest.mark.django_db
def test_the_settings_hold_inside_the_block_and_are_restored_after():
    before = current()
    with reporting_queries():
        assert current() == ONE_ORGANIZATION
    assert current() == before
    assert before != ONE_ORGANIZATION


@on_postgresql_only
def test_the_report_and_the_team_view_compute_under_the_one_organization_settings(
    pg_client, monkeypatch
):
    from maillage.reports import views as report_views
    from maillage.supervision import figures

    report = recording(monkeypatch, report_views, "participation_report")
    team = recording(monkeypatch, figures, "team_figures")

    assert pg_client.get(reverse("reports:participation")).status_code == 200
    assert pg_client.get(reverse("supervision:team")).status_code == 200

    assert report == [ONE_ORGANIZATION]
    assert team == [ONE_ORGANIZATION]
    assert current() != ONE_ORGANIZATION
