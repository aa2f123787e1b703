"""The evaluation's dashboard (its home page): every question's headline numbers at once,
the same as on each question's own page, for the PG and for the évaluateur."""

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation

from maillage.core.periods import Period
from maillage.evaluation import dashboard
from maillage.evaluation.questions.registry import QUESTIONS
from maillage.evaluation.scope import Scope

from . import dataset
from .builders import in_english

#: The évaluateur's dashboard: no organization, the list of organizations of the breakdown.
ACROSS_QUERIES = 27
POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def headlines(response) -> dict[int, list[tuple[str, str]]]:
    return {
        card["number"]: [(shown.label, shown.text) for shown in card["indicators"]]
        for card in response.context["cards"]
    }


def question_headlines(client, name, number) -> list[tuple[str, str]]:
    response = client.get(reverse(name, args=[number]), dataset.QUERY)
    return [(shown.label, shown.text) for shown in response.context["indicators"]]


@pytest.mark.parametrize(
    ("client_name", "index", "question"),
    [
        ("pg_client", "evaluation:index", "evaluation:question"),
        ("evaluator_client", "evaluation:across_index", "evaluation:across_question"),
    ],
)
def test_each_card_shows_what_the_question_page_shows(
    request, org, ptp, pg, other_org, outsider, client_name, index, question
):
    dataset.build(org, ptp, pg, other_org, outsider)
    client = in_english(request.getfixturevalue(client_name))

    response = client.get(reverse(index), dataset.QUERY)

    assert response.status_code == 200
    cards = headlines(response)
    assert sorted(cards) == sorted(QUESTIONS)
    for number in QUESTIONS:
        assert cards[number], number
        assert cards[number] == question_headlines(client, question, number), number


def test_the_organization_sees_its_own_numbers(org, ptp, pg, other_org, outsider, pg_client):
    dataset.build(org, ptp, pg, other_org, outsider)

    cards = headlines(in_english(pg_client).get(reverse("evaluation:index"), dataset.QUERY))

    # Question 1 of the hand-built dataset (test_q1_reached_vs_targeted.py), exact.
    assert cards[1][:2] == [
        ("Families reached", "7"),
        ("Of which meeting the target clientele", "4"),
    ]


def test_the_evaluator_sees_no_count_from_one_to_four_and_no_family_code(
    org, ptp, pg, other_org, outsider, evaluator_client
):
    data = dataset.build(org, ptp, pg, other_org, outsider)

    response = in_english(evaluator_client).get(reverse("evaluation:across_index"), dataset.QUERY)

    shown = [text for card in headlines(response).values() for _label, text in card]
    assert not {"1", "2", "3", "4"} & set(shown)
    page = response.content.decode()
    assert not [code for code in data.codes if code in page]


@pytest.mark.parametrize("copies", [1, 2])
def test_the_dashboard_takes_the_same_queries_however_much_data(
    org, ptp, pg, other_org, outsider, pg_client, evaluator_client, django_assert_num_queries,
    copies,
):  # fmt: skip
    dataset.build(org, ptp, pg, other_org, outsider, copies=copies)

    # The session and membership, then the eight questions' own queries (each question's
    # count is pinned in its tests), except that the target definitions in force are read
    # once for questions 1, 2 and 4 and the target shown above the cards (two queries).
    with django_assert_num_queries(28):
        pg_client.get(reverse("evaluation:index"), dataset.QUERY)
    with django_assert_num_queries(ACROSS_QUERIES):
        evaluator_client.get(reverse("evaluation:across_index"), dataset.QUERY)


def test_inside_a_transaction_the_questions_are_answered_one_after_the_other(db):
    # A test runs in a transaction that other connections cannot see.
    assert connection.in_atomic_block
    assert not dashboard.concurrent()


@pytest.mark.skipif(not POSTGRESQL, reason="Concurrent answers are for PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_at_a_time_gives_the_answers_one_after_the_other_gives(
    org, ptp, pg, other_org, outsider, settings
):
    dataset.build(org, ptp, pg, other_org, outsider)
    period = Period.quarter(2025, 3)
    scopes = [Scope.for_organization(org, period), Scope.across_organizations(period)]

    settings.EVALUATION_WORKERS = 1
    assert not dashboard.concurrent()
    one_by_one = [dashboard.answers(scope) for scope in scopes]
    settings.EVALUATION_WORKERS = 2
    assert dashboard.concurrent()
    together = [dashboard.answers(scope) for scope in scopes]
    with translation.override("fr"):
        in_french = dashboard.answers(scopes[0])
    with translation.override("en"):
        in_english = dashboard.answers(scopes[0])

    assert together == one_by_one
    assert sorted(together[0]) == sorted(QUESTIONS)
    # The worker threads speak the caller's language, whichever it is.
    assert in_french[5].indicators[1].label == "Familles avec au moins un contact"
    assert in_english[5].indicators[1].label == "Families with at least one contact"


def test_every_card_speaks_french_first_and_english_on_request(
    org, ptp, pg, other_org, outsider, pg_client
):
    dataset.build(org, ptp, pg, other_org, outsider)

    french = headlines(pg_client.get(reverse("evaluation:index"), dataset.QUERY))
    english = headlines(in_english(pg_client).get(reverse("evaluation:index"), dataset.QUERY))

    # Every card's labels are translated (Question 5 to 8's once were not: their gettext
    # went by a name makemessages did not know, so the French page showed English).
    for number in QUESTIONS:
        assert [label for label, _text in french[number]] != [
            label for label, _text in english[number]
        ], number
    assert ("Familles avec au moins un contact", "1") in french[5]


def test_a_breakdown_with_no_organization_answers_with_nothing(
    org, ptp, pg, other_org, outsider, evaluator_client
):
    # No organization is "mixte" here: every question answers, and shows no number (a
    # breakdown of fewer than three organizations is withheld, zeros included).
    dataset.build(org, ptp, pg, other_org, outsider)
    query = dataset.QUERY | {"milieu": "mixte"}
    client = in_english(evaluator_client)

    response = client.get(reverse("evaluation:across_index"), query)

    assert response.status_code == 200
    assert response.context["organization_count"] == 0
    shown = {text for card in headlines(response).values() for _label, text in card}
    assert shown <= {"x", "—"}
    for number in QUESTIONS:
        url = reverse("evaluation:across_question", args=[number])
        assert client.get(url, query).status_code == 200, number
