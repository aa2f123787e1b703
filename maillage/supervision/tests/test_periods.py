"""The date maths of the team view (Django-free)."""

import datetime

from maillage.supervision import periods

D = datetime.date


def test_months_are_added_across_years():
    assert periods.add_months(D(2026, 11, 1), 3) == D(2027, 2, 1)
    assert periods.add_months(D(2026, 1, 1), -1) == D(2025, 12, 1)


def test_a_quarter_ends_on_the_last_day_of_its_third_month():
    assert periods.quarter_period(2026, 1) == periods.Period(
        "quarter", D(2026, 1, 1), D(2026, 3, 31)
    )
    assert periods.quarter_period(2024, 4).end == D(2024, 12, 31)


def test_a_month_of_february_in_a_leap_year_has_29_days():
    assert periods.month_period(D(2024, 2, 10)).end == D(2024, 2, 29)


def test_a_range_counts_every_calendar_month_it_touches():
    assert periods.months_spanned(D(2026, 1, 31), D(2026, 2, 1)) == 2
    assert periods.months(D(2025, 12, 15), D(2026, 2, 1)) == [
        D(2025, 12, 1),
        D(2026, 1, 1),
        D(2026, 2, 1),
    ]


def test_the_trend_is_the_twelve_months_ending_with_the_period_or_the_whole_period():
    year = periods.trend_months(periods.year_period(2025))
    assert (year[0], year[-1], len(year)) == (D(2025, 1, 1), D(2025, 12, 1), 12)
    quarter = periods.trend_months(periods.quarter_period(2026, 2))
    assert (quarter[0], quarter[-1], len(quarter)) == (D(2025, 7, 1), D(2026, 6, 1), 12)
    long = periods.trend_months(periods.Period("custom", D(2023, 3, 9), D(2026, 1, 2)))
    assert (long[0], long[-1], len(long)) == (D(2023, 3, 1), D(2026, 1, 1), 35)
