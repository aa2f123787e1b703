"""The team view asks the same number of queries for twice the workers, families and work."""

import datetime

import pytest

from .builders import (
    make_collaboration,
    make_contact,
    make_family_created,
    make_outreach,
    make_request,
    make_worker,
)

OCTOBER = {"kind": "month", "month": "10", "year": "2026"}
#: Session, user, membership and two-factor check, the session saved (3: it records activity);
#: the team with its figures, the families counted once;
#: then the trends: contacts, outreach, collaborations, requests, new families, shared ones.
#: A worker's page: the same, with her membership and figures, and no shared families.
TEAM_VIEW_QUERIES = 15
WORKER_VIEW_QUERIES = 14


def _add_work(org, workers, ptp):
    """For each of ``workers`` more ``org`` workers, and for ``ptp`` as many times: two
    families, three contacts, two outreach activities, one collaboration and one
    out-of-mandate request, in September and October."""
    for worker in [make_worker(org) for _ in range(workers)] + [ptp] * workers:
        for day in (datetime.date(2026, 9, 14), datetime.date(2026, 10, 14)):
            family = make_family_created(org, worker, day)
            make_contact(family, worker, date=day, duration_minutes=40, travel_minutes=10)
            make_outreach(org, worker, day, 60)
        make_contact(family, worker, date=day, duration_minutes=20)
        make_collaboration(org, worker, date=day)
        make_request(org, worker, partner_name="École du Village", date=day)


@pytest.mark.parametrize("url", ["team", "worker"])
def test_the_query_count_does_not_grow_with_the_team(
    pg_en, org, ptp, django_assert_num_queries, url
):
    from maillage.accounts.models import Membership

    path = "/equipe/suivi/"
    if url == "worker":
        path += f"{Membership.objects.for_org(org).get(user=ptp).uuid}/"
    expected = TEAM_VIEW_QUERIES if url == "team" else WORKER_VIEW_QUERIES

    _add_work(org, 2, ptp)
    with django_assert_num_queries(expected):
        small = pg_en.get(path, OCTOBER)
    _add_work(org, 2, ptp)
    with django_assert_num_queries(expected):
        large = pg_en.get(path, OCTOBER)

    if url == "team":
        assert len(large.context["rows"]) == 2 * len(small.context["rows"]) - 1  # with Maëlle
        assert large.context["total"].contacts == 2 * small.context["total"].contacts
