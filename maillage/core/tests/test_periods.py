"""The period shared by the evaluation, the participation report and the team view: its date
maths, its label and query string, and the form that reads it (each page's own rules are
parameters; the pages' tests check them through HTTP)."""

import datetime

import pytest
from django.utils import translation

from maillage.core.periods import (
    Period,
    PeriodForm,
    add_months,
    current_month,
    last_full_quarter,
    months_later,
    months_spanned,
)

D = datetime.date
TODAY = D(2026, 11, 29)


def form(query, **params):
    params = {"today": TODAY, "default": last_full_quarter(TODAY)} | params
    return PeriodForm(query, **params)


def errors(query, **params):
    bound = form(query, **params)
    assert not bound.is_valid()
    return {name: list(messages) for name, messages in bound.errors.items()}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_months_are_added_across_years():
    assert add_months(D(2026, 11, 1), 3) == D(2027, 2, 1)
    assert add_months(D(2026, 1, 1), -1) == D(2025, 12, 1)


def test_a_quarter_ends_on_the_last_day_of_its_third_month():
    assert Period.quarter(2026, 1) == Period(D(2026, 1, 1), D(2026, 3, 31), "quarter")
    assert Period.quarter(2024, 4).end == D(2024, 12, 31)


def test_a_month_of_february_in_a_leap_year_has_29_days():
    assert Period.month(2024, 2).end == D(2024, 2, 29)
    assert Period.month(2028, 2).end == D(2028, 2, 29)


def test_a_range_counts_every_calendar_month_it_touches():
    assert months_spanned(D(2026, 1, 31), D(2026, 2, 1)) == 2
    assert months_spanned(D(2025, 12, 15), D(2026, 2, 1)) == 3


def test_the_same_day_months_later_stops_at_the_end_of_a_shorter_month():
    assert months_later(D(2023, 11, 29), 36) == D(2026, 11, 29)
    assert months_later(D(2026, 1, 31), 1) == D(2026, 2, 28)


def test_the_last_full_quarter_of_each_month():
    assert last_full_quarter(D(2026, 1, 15)) == Period.quarter(2025, 4)
    assert last_full_quarter(D(2026, 3, 31)) == Period.quarter(2025, 4)
    assert last_full_quarter(D(2026, 4, 1)) == Period.quarter(2026, 1)
    assert last_full_quarter(D(2026, 11, 29)) == Period(D(2026, 7, 1), D(2026, 9, 30), "quarter")


def test_the_current_month_runs_from_its_first_to_its_last_day():
    assert current_month(TODAY) == Period(D(2026, 11, 1), D(2026, 11, 30), "month")


def test_a_period_knows_its_days_and_its_bounds():
    period = Period.custom(D(2026, 1, 30), D(2026, 2, 2))
    assert period.days == 4
    assert period.bounds == (D(2026, 1, 30), D(2026, 2, 2))  # both included, for __range
    assert period.slug == "2026-01-30_2026-02-02"


def test_each_kind_of_period_has_a_readable_label():
    assert Period.month(2026, 2).label == "February 2026"
    assert Period.quarter(2025, 3).label == "Q3 2025"
    assert Period.year(2024).label == "2024"
    assert Period.custom(D(2026, 1, 15), D(2026, 3, 10)).label == "2026-01-15 to 2026-03-10"
    with translation.override("fr"):
        assert Period.quarter(2025, 3).label == "T3 2025"


@pytest.mark.parametrize(
    "period",
    [
        Period.month(2026, 2),
        Period.quarter(2025, 4),
        Period.year(2024),
        Period.custom(D(2026, 1, 15), D(2026, 3, 10)),
    ],
)
def test_the_query_of_a_period_gives_the_same_period_back(period):
    bound = form(period.query())
    assert bound.is_valid(), bound.errors
    assert bound.period() == period


def test_without_a_kind_the_form_shows_the_default_period_with_every_field_filled():
    bound = form({}, default=current_month(TODAY))
    assert bound.is_valid()
    assert bound.period() == current_month(TODAY)
    assert bound.data["quarter"] == "4" and bound.data["start"] == "2026-11-01"


def test_each_kind_needs_its_own_fields_only():
    assert errors({"kind": "month", "year": "2026"}) == {"month": ["Choose the month."]}
    assert errors({"kind": "quarter", "month": "3"}) == {
        "year": ["Give the year."],
        "quarter": ["Choose the quarter."],
    }
    assert errors({"kind": "custom", "year": "2026"}) == {
        "start": ["Give the first day of the period."],
        "end": ["Give the last day of the period."],
    }
    assert form({"kind": "year", "year": "2025", "start": "nonsense"}).is_valid()


def test_an_unknown_kind_is_refused_next_to_the_kind():
    assert "kind" in errors({"kind": "decade", "year": "2026"})


def test_years_run_from_the_first_year_to_the_current_one():
    assert errors({"kind": "year", "year": "1999"}) == {
        "year": ["Choose a year from 2000 to 2026."]
    }
    assert "year" in errors({"kind": "year", "year": "2027"})
    assert "year" in errors({"kind": "year", "year": "2014"}, first_year=2015)
    assert form({"kind": "year", "year": "2026"}).is_valid()


def test_custom_dates_in_the_wrong_order_or_in_the_future_are_refused():
    backwards = {"kind": "custom", "start": "2026-03-10", "end": "2026-01-01"}
    assert errors(backwards) == {"end": ["The end date comes before the start date."]}
    future = {"kind": "custom", "start": "2026-11-30", "end": "2026-12-31"}
    assert errors(future) == {"start": ["The period cannot start in the future."]}


def test_a_month_or_a_quarter_to_come_is_refused_and_the_current_one_accepted():
    # TODAY is 2026-11-29: November and the fourth quarter have begun, December has not.
    assert errors({"kind": "month", "year": "2026", "month": "12"}) == {
        "month": ["The period cannot start in the future."]
    }
    assert form({"kind": "month", "year": "2026", "month": "11"}).is_valid()
    assert form({"kind": "quarter", "year": "2026", "quarter": "4"}).is_valid()


def test_the_longest_custom_range_is_the_pages_choice():
    three_years = {"kind": "custom", "start": "2023-11-29", "end": "2026-11-28"}
    one_day_more = three_years | {"end": "2026-11-29"}
    assert form(three_years, longest_custom_months=36).is_valid()
    assert errors(one_day_more, longest_custom_months=36) == {
        "end": ["A custom range covers at most 36 months."]
    }
    assert form({"kind": "custom", "start": "2000-01-01", "end": "2026-11-29"}).is_valid()


def test_each_field_names_the_kinds_that_read_it_for_the_script():
    bound = form({})
    kinds = {
        name: field.widget.attrs.get("data-period-kinds") for name, field in bound.fields.items()
    }
    assert kinds == {
        "kind": None,
        "year": "month quarter year",
        "quarter": "quarter",
        "month": "month",
        "start": "custom",
        "end": "custom",
    }
