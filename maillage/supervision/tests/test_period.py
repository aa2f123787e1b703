"""The period of the team view: the current month by default; each kind checked, with the
message next to the field and what was typed kept."""

import datetime

import pytest
from django.utils import timezone

from maillage.core.periods import Period
from maillage.supervision.figures import trend_months

pytestmark = pytest.mark.django_db


def test_the_current_month_by_default(pg_en):
    period = pg_en.get("/equipe/suivi/").context["period"]
    today = timezone.localdate()
    assert (period.kind, period.start) == ("month", today.replace(day=1))
    assert period.end.month == today.month and (period.end + datetime.timedelta(days=1)).day == 1


@pytest.mark.parametrize(
    "query, start, end",
    [
        ({"kind": "month", "month": "2", "year": "2026"}, "2026-02-01", "2026-02-28"),
        ({"kind": "quarter", "quarter": "4", "year": "2025"}, "2025-10-01", "2025-12-31"),
        ({"kind": "year", "year": "2024"}, "2024-01-01", "2024-12-31"),
        (
            {"kind": "custom", "start": "2026-01-15", "end": "2026-03-10"},
            "2026-01-15",
            "2026-03-10",
        ),
    ],
)
def test_each_kind_of_period_sets_its_bounds(pg_en, query, start, end):
    period = pg_en.get("/equipe/suivi/", query).context["period"]
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


def test_the_trend_is_the_twelve_months_ending_with_the_period_or_the_whole_period():
    D = datetime.date
    year = trend_months(Period.year(2025))
    assert (year[0], year[-1], len(year)) == (D(2025, 1, 1), D(2025, 12, 1), 12)
    quarter = trend_months(Period.quarter(2026, 2))
    assert (quarter[0], quarter[-1], len(quarter)) == (D(2025, 7, 1), D(2026, 6, 1), 12)
    long = trend_months(Period.custom(D(2023, 3, 9), D(2026, 1, 2)))
    assert (long[0], long[-1], len(long)) == (D(2023, 3, 1), D(2026, 1, 1), 35)


def test_a_custom_range_longer_than_a_year_is_drawn_month_by_month(pg_en):
    query = {"kind": "custom", "start": "2024-07-15", "end": "2026-03-10"}
    months = pg_en.get("/equipe/suivi/", query).context["months"]
    assert (months[0], months[-1], len(months)) == (
        datetime.date(2024, 7, 1),
        datetime.date(2026, 3, 1),
        21,
    )


@pytest.mark.parametrize(
    "query, field, message, kept",
    [
        (
            {"kind": "custom", "end": "2026-03-10"},
            "start",
            "Give the first day of the period.",
            'value="2026-03-10"',
        ),
        (
            {"kind": "custom", "start": "2026-03-10", "end": "2026-01-01"},
            "end",
            "The end date comes before the start date.",
            'value="2026-03-10"',
        ),
        (
            {"kind": "custom", "start": "2020-01-01", "end": "2026-01-01"},
            "end",
            "A custom range covers at most 60 months.",
            'value="2020-01-01"',
        ),
        (
            {"kind": "quarter", "year": "2026"},
            "quarter",
            "Choose the quarter.",
            'value="2026"',
        ),
        (
            {"kind": "quarter", "quarter": "2"},
            "year",
            "Give the year.",
            '<option value="2" selected>',
        ),
        ({"kind": "year", "year": "1999"}, "year", "Choose a year from 2000 to", 'value="1999"'),
        (
            {"kind": "month", "month": "13", "year": "2026"},
            "month",
            "Select a valid choice.",
            'value="2026"',
        ),
        (
            {"kind": "month", "year": "2026"},
            "month",
            "Choose the month.",
            'value="2026"',
        ),
    ],
)
def test_a_wrong_period_is_explained_next_to_its_field(pg_en, query, field, message, kept):
    response = pg_en.get("/equipe/suivi/", query)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(error.startswith(message) for error in form.errors[field])
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert kept in html
    assert "rows" not in response.context
    assert "Please correct the period to see the numbers." in html
