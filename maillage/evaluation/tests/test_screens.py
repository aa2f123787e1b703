"""The evaluation screens: the index, the period, the évaluateur's view and its rules,
navigation, and query counts that do not grow with the data."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.core.periods import Period
from maillage.evaluation.questions.registry import QUESTIONS
from maillage.evaluation.scope import Scope, evaluation_queries
from maillage.organizations.models import Organization
from maillage.testing.builders import make_member, make_organization, make_region
from maillage.testing.planner import current_planner_settings as current_settings

from . import dataset
from .builders import dated_family, in_english, make_target, read_answer


def _question_urls(name):
    return [reverse(name, args=[number]) for number in sorted(QUESTIONS)]


def test_the_dashboard_links_the_eight_questions_for_the_period(pg_client):
    response = in_english(pg_client).get(reverse("evaluation:index"), dataset.QUERY)

    page = response.content.decode()
    assert "Answers for Q3 2025" in page
    for number in sorted(QUESTIONS):
        assert reverse("evaluation:question", args=[number]) + "?kind=quarter" in page
    assert sorted(QUESTIONS) == list(range(1, 9))


def test_the_default_period_is_the_last_full_quarter(pg_client):
    response = pg_client.get(reverse("evaluation:question", args=[1]))

    period = response.context["period"]
    today = timezone.localdate()
    assert period.kind == "quarter"
    assert period.start.month in (1, 4, 7, 10)
    assert period.end < today
    assert (today - period.end).days <= 92


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {"kind": "custom", "start": "2025-09-01", "end": "2025-08-01"},
            "end",
            "The end date comes before the start date.",
        ),
        (
            {"kind": "custom", "start": "2022-01-01", "end": "2025-01-01"},
            "end",
            "A custom range covers at most 36 months.",
        ),
        ({"kind": "quarter", "year": "2025"}, "quarter", "Choose the quarter."),
        ({"kind": "year", "year": "1999"}, "year", "Choose a year from 2000 to"),
        ({"kind": "month", "year": "2025", "month": "13"}, "month", "Select a valid choice."),
    ],
)
def test_a_period_that_cannot_be_read_shows_its_error_next_to_the_field(
    pg_client, query, field, message
):
    response = in_english(pg_client).get(reverse("evaluation:question", args=[1]), query)

    assert response.status_code == 200
    form = response.context["period_form"]
    assert any(message in error for error in form.errors[field])
    page = response.content.decode()
    assert message in page
    assert "The period could not be read: the numbers below are for" in page
    # What was typed stays in the form.
    assert f'value="{query["year"] if "year" in query else query["start"]}"' in page


def test_an_unknown_question_is_a_404(pg_client, evaluator_client):
    assert pg_client.get(reverse("evaluation:question", args=[9])).status_code == 404
    assert evaluator_client.get(reverse("evaluation:across_question", args=[0])).status_code == 404


def test_an_outreach_worker_may_not_open_the_questions(ptp_client):
    for url in [reverse("evaluation:index"), *_question_urls("evaluation:question")]:
        assert ptp_client.get(url).status_code == 403


def test_navigation_offers_the_evaluation_to_managers_and_evaluators_only(
    pg_client, evaluator_client, ptp_client
):
    home = reverse("shell:home")
    assert reverse("evaluation:index") in pg_client.get(home).content.decode()
    assert reverse("evaluation:across_index") in evaluator_client.get(home).content.decode()
    assert "/evaluation/" not in ptp_client.get(home).content.decode()


# The évaluateur ------------------------------------------------------------------------------


def test_the_evaluator_sees_small_counts_as_less_than_five_and_no_family_code(
    org, ptp, pg, other_org, outsider, evaluator_client
):
    data = dataset.build(org, ptp, pg, other_org, outsider)
    client = in_english(evaluator_client)

    pages = [reverse("evaluation:across_index"), *_question_urls("evaluation:across_question")]
    contents = []
    for url in pages:
        response = client.get(url, dataset.QUERY)
        assert response.status_code == 200, url
        contents.append(response.content.decode())

    for page in contents:
        for code in data.codes:
            assert code not in page
    # Question 1 across: 7 families reached from two organizations (hidden: fewer than
    # three organizations), 3 meeting their target (hidden: from 1 to 4, no "< 5" either).
    indicators, _tables = read_answer(client.get(pages[1], dataset.QUERY))
    assert indicators["Families reached"] == "x"
    assert indicators["Of which meeting the target clientele"] == "x"
    assert "&lt; 5" not in contents[1]


def _three_organizations_with_consenting_families():
    """Three organizations (two rural in Lanaudière, one urban in Montréal), each with two
    families opened in the third quarter of 2025 with the statistics consent and one
    without it."""
    lanaudiere, montreal = make_region("14", "Lanaudière"), make_region("06", "Montréal")
    for name, region, milieu in [
        ("Maison Un", lanaudiere, "rural"),
        ("Maison Deux", lanaudiere, "rural"),
        ("Maison Trois", montreal, "urbain"),
    ]:
        organization = make_organization(name, region=region, milieu=milieu)
        worker = make_member(organization, Role.PTP).user
        for day in (date(2025, 7, 2), date(2025, 8, 3)):
            dated_family(organization, worker, opened_on=day, statistics=day)
        dated_family(organization, worker, opened_on=date(2025, 9, 4))


def test_counts_from_three_organizations_are_published_and_without_consent_they_vanish(
    evaluator_client,
):
    _three_organizations_with_consenting_families()

    response = in_english(evaluator_client).get(
        reverse("evaluation:across_question", args=[1]), dataset.QUERY
    )

    indicators, _tables = read_answer(response)
    # 3 organizations × 2 consenting families; the 3 without consent are not counted.
    assert indicators["Families reached"] == "6"


def test_a_share_is_not_shown_when_it_would_give_a_small_count_back(evaluator_client):
    """9 families reached in three organizations (two plus one with a child of 2 each), 3
    of them (one each) meeting their target: "9" is published, "x" hides the 3, and the
    shares (33%, 3 of 90) must not tell it. In the table, the 9 beside the 3 is shown: the
    row's total, which would give the 3 back, is not."""
    _three_organizations_with_consenting_families()
    for organization in Organization.objects.all():
        manager = make_member(organization, Role.PG).user
        make_target(organization, manager, estimated_population=30, population_source="Test")
        worker = make_member(organization, Role.PTP).user
        family = dated_family(
            organization,
            worker,
            opened_on=date(2025, 7, 9),
            statistics=date(2025, 7, 9),
            members=[{"role": "child", "birth_year": 2023, "birth_month": 1}],
        )
        assert family.pk

    response = in_english(evaluator_client).get(
        reverse("evaluation:across_question", args=[1]), dataset.QUERY
    )

    indicators, (by_criterion,) = read_answer(response)
    assert indicators["Families reached"] == "9"
    assert indicators["Of which meeting the target clientele"] == "x"
    assert indicators["Share of the families reached who meet the target clientele"] == "—"
    assert indicators["Reach: target families reached, as a share of the estimate"] == "—"
    assert by_criterion["Children's ages"] == ["9", "x", "—"]


def test_the_evaluator_filters_by_milieu_or_region_not_both(evaluator_client):
    _three_organizations_with_consenting_families()
    client = in_english(evaluator_client)
    url = reverse("evaluation:across_question", args=[1])

    rural = client.get(url, dataset.QUERY | {"milieu": "rural"})
    montreal = client.get(url, dataset.QUERY | {"region": "06"})
    both = client.get(url, dataset.QUERY | {"milieu": "rural", "region": "06"})

    # Two rural organizations: 4 families; one in Montréal: 2. Both breakdowns hold fewer
    # than three organizations: withheld.
    assert read_answer(rural)[0]["Families reached"] == "x"
    assert read_answer(montreal)[0]["Families reached"] == "x"
    assert "Choose a milieu or a region, not both." in both.content.decode()
    assert read_answer(both)[0]["Families reached"] == "6"
    index = client.get(reverse("evaluation:across_index"), {"milieu": "rural"})
    assert "2 organizations in this breakdown." in index.content.decode()


# Query counts ---------------------------------------------------------------------------------

#: Queries of each page for the PG: the session and membership, then the question's own
#: (the target in force and its municipalities, one grouped query per table).
ORGANIZATION_QUERIES = {1: 10, 2: 11, 3: 10, 4: 12}
#: The évaluateur's: no organization, but the list of organizations of the breakdown.
ACROSS_QUERIES = {1: 11, 2: 11, 3: 10, 4: 13}


@pytest.mark.parametrize("copies", [1, 2])
@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_query_counts_do_not_grow_with_the_data(
    org, ptp, pg, other_org, outsider, pg_client, evaluator_client, django_assert_num_queries,
    copies, number,
):  # fmt: skip
    dataset.build(org, ptp, pg, other_org, outsider, copies=copies)

    with django_assert_num_queries(ORGANIZATION_QUERIES[number]):
        pg_client.get(reverse("evaluation:question", args=[number]), dataset.QUERY)
    with django_assert_num_queries(ACROSS_QUERIES[number]):
        evaluator_client.get(reverse("evaluation:across_question", args=[number]), dataset.QUERY)


def test_every_question_answers_when_nothing_was_recorded(pg_client, evaluator_client):
    for number in sorted(QUESTIONS):
        own = pg_client.get(reverse("evaluation:question", args=[number]), dataset.QUERY)
        across = evaluator_client.get(
            reverse("evaluation:across_question", args=[number]), dataset.QUERY
        )
        assert own.status_code == 200, number
        assert across.status_code == 200, number


@pytest.mark.parametrize("definitions", [1, 3])
def test_the_list_of_target_clienteles_takes_the_same_queries_whatever_their_number(
    org, pg, pg_client, django_assert_num_queries, definitions
):
    for year in range(definitions):
        make_target(
            org,
            pg,
            name=f"Définition {year}",
            valid_from=date(2020 + year, 1, 1),
            valid_to=date(2020 + year, 12, 31),
            municipalities=list(org.municipalities.all()),
        )

    # Session and membership, the definitions with their community, their municipalities.
    with django_assert_num_queries(9):
        response = pg_client.get(reverse("evaluation:targets"))
    assert response.content.decode().count("Définition ") == definitions


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="PostgreSQL's planner settings: nothing to set on SQLite",
)
def test_questions_run_with_the_planner_settings_of_their_scope(org, other_org):
    # Setting and restoring are maillage.core.planner's, tested in core/tests/test_planner.py.
    period = Period.year(2025)
    before = current_settings()
    with evaluation_queries(Scope.across_organizations(period)):
        across = current_settings()
    with evaluation_queries(Scope.for_organization(org, period)):
        one = current_settings()

    # Across organizations (two here): only the JIT compiler is switched off.
    assert across == before | {"jit": "off"}
    assert before["max_parallel_workers_per_gather"] != "0"
    # One organization: no parallel workers, and index reads priced as memory reads.
    assert one == {"jit": "off", "max_parallel_workers_per_gather": "0", "random_page_cost": "1.1"}
