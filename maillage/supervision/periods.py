"""Date maths of the team view: the period's bounds and the months of its trend.

Django-free, so the rules can be read and tested on their own.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

#: The trend always covers at least this many months, so a month chosen alone still shows
#: where it sits in the year (the pilot's managers look at workload over seasons).
TREND_MONTHS = 12
#: A custom range longer than this would draw monthly charts too dense to read.
MAX_CUSTOM_MONTHS = 60


@dataclass(frozen=True)
class Period:
    kind: str  # "month", "quarter", "year" or "custom"
    start: datetime.date
    end: datetime.date  # inclusive


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month ``count`` months after (or before) ``month``."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def last_of_month(day: datetime.date) -> datetime.date:
    return add_months(first_of_month(day), 1) - datetime.timedelta(days=1)


def month_period(month: datetime.date) -> Period:
    return Period("month", first_of_month(month), last_of_month(month))


def quarter_period(year: int, quarter: int) -> Period:
    start = datetime.date(year, 3 * (quarter - 1) + 1, 1)
    return Period("quarter", start, last_of_month(add_months(start, 2)))


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def year_period(year: int) -> Period:
    return Period("year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def months_spanned(start: datetime.date, end: datetime.date) -> int:
    """How many calendar months the range touches (2026-01-31 → 2026-02-01: 2)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of each calendar month the range touches, oldest first."""
    first = first_of_month(start)
    return [add_months(first, i) for i in range(months_spanned(start, end))]


def trend_months(period: Period) -> list[datetime.date]:
    """The months of the trend: the 12 months that end with the period's last month, or all
    the months of the period when it is longer."""
    last = first_of_month(period.end)
    count = max(TREND_MONTHS, months_spanned(period.start, period.end))
    return [add_months(last, i - count + 1) for i in range(count)]
