"""The period of a report: a month, a quarter, a year or two dates, always whole days."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

MONTH, QUARTER, YEAR, CUSTOM = "month", "quarter", "year", "custom"


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(
            datetime.date(year, month, 1),
            datetime.date(year, month, calendar.monthrange(year, month)[1]),
        )

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * quarter - 2
        return cls(datetime.date(year, first, 1), cls.month(year, first + 2).end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date]:
        return self.start, self.end

    @property
    def slug(self) -> str:
        """ASCII, for file names: ``2026-01-01_2026-03-31``."""
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def previous_quarter(today: datetime.date) -> Period:
    """The last complete quarter before ``today``: what a funder usually asks for first."""
    quarter = (today.month - 1) // 3 + 1
    if quarter == 1:
        return Period.quarter(today.year - 1, 4)
    return Period.quarter(today.year, quarter - 1)
