"""The period a page looks at: a month, a quarter, a year, or custom dates.

``Period`` is a plain value (start and end both inclusive, a kind, a readable label, the
query string that gives it back). ``PeriodForm`` reads it from the query string
(``?kind=quarter&year=2026&quarter=3``), shows its errors next to the field and keeps what was
typed; ``maillage/static/maillage/js/period-fields.js`` shows only the fields of the kind
chosen (each widget names its kinds in ``data-period-kinds``).

The pages differ only by the form's parameters, so each page keeps its own rules:

* the evaluation and the participation report open on the **last full quarter** (complete,
  comparable from one report to the next, what funders ask for), the team view on the
  **current month** (a manager follows the work as it happens);
* the longest custom range: three years for the evaluation (beyond, compare years), 60 months
  for the team view (its monthly charts would be too dense), none for the report.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.core.forms import date_input_field

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
CUSTOM = "custom"

#: The fields each kind of period reads; the others are ignored.
FIELDS = {
    MONTH: ("year", "month"),
    QUARTER: ("year", "quarter"),
    YEAR: ("year",),
    CUSTOM: ("start", "end"),
}
FIRST_YEAR = 2000


# Month maths ------------------------------------------------------------------------------


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month ``count`` months after (or before) ``month``."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def last_of_month(day: datetime.date) -> datetime.date:
    return add_months(first_of_month(day), 1) - datetime.timedelta(days=1)


def months_spanned(start: datetime.date, end: datetime.date) -> int:
    """How many calendar months the range touches (2026-01-31 → 2026-02-01: 2)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def months_later(day: datetime.date, count: int) -> datetime.date:
    """The same day ``count`` months later, or the month's last day when it is shorter."""
    month = add_months(first_of_month(day), count)
    return month.replace(day=min(day.day, last_of_month(month).day))


# The period -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    kind: str = CUSTOM

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = datetime.date(year, month, 1)
        return cls(first, last_of_month(first), MONTH)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = datetime.date(year, 3 * (quarter - 1) + 1, 1)
        return cls(first, last_of_month(add_months(first, 2)), QUARTER)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), YEAR)

    @classmethod
    def custom(cls, start: datetime.date, end: datetime.date) -> Period:
        return cls(start, end, CUSTOM)

    @property
    def quarter_number(self) -> int:
        """The quarter of the start (1 to 4)."""
        return (self.start.month - 1) // 3 + 1

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date]:
        """For a ``__range`` lookup."""
        return self.start, self.end

    @property
    def slug(self) -> str:
        """ASCII, for file names: ``2026-01-01_2026-03-31``."""
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """In the reader's language (evaluated when shown, not at import)."""
        if self.kind == MONTH:
            return gettext("%(month)s %(year)s") % {
                "month": MONTHS[self.start.month],
                "year": self.start.year,
            }
        if self.kind == QUARTER:
            return gettext("Q%(quarter)s %(year)s") % {
                "quarter": self.quarter_number,
                "year": self.start.year,
            }
        if self.kind == YEAR:
            return str(self.start.year)
        return gettext("%(start)s to %(end)s") % {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }

    def query(self) -> dict[str, str]:
        """The query-string parameters that give this period back (for links)."""
        if self.kind == MONTH:
            return {"kind": MONTH, "year": str(self.start.year), "month": str(self.start.month)}
        if self.kind == QUARTER:
            return {
                "kind": QUARTER,
                "year": str(self.start.year),
                "quarter": str(self.quarter_number),
            }
        if self.kind == YEAR:
            return {"kind": YEAR, "year": str(self.start.year)}
        return {"kind": CUSTOM, "start": self.start.isoformat(), "end": self.end.isoformat()}


def last_full_quarter(today: datetime.date) -> Period:
    """The last complete quarter before ``today``."""
    current = (today.month - 1) // 3 + 1
    if current == 1:
        return Period.quarter(today.year - 1, 4)
    return Period.quarter(today.year, current - 1)


def current_month(today: datetime.date) -> Period:
    return Period.month(today.year, today.month)


# The form ---------------------------------------------------------------------------------

KIND_CHOICES = [
    (MONTH, _("Month")),
    (QUARTER, _("Quarter")),
    (YEAR, _("Year")),
    (CUSTOM, _("Custom dates")),
]
QUARTER_CHOICES = [
    ("", "—"),
    (1, _("Q1 (January to March)")),
    (2, _("Q2 (April to June)")),
    (3, _("Q3 (July to September)")),
    (4, _("Q4 (October to December)")),
]
# Django's own month names, already translated.
MONTH_CHOICES = [("", "—"), *MONTHS.items()]
MISSING = {
    "year": _("Give the year."),
    "month": _("Choose the month."),
    "quarter": _("Choose the quarter."),
    "start": _("Give the first day of the period."),
    "end": _("Give the last day of the period."),
}


class PeriodForm(forms.Form):
    """The period picker, always bound: to the query string, or to ``default`` when the query
    string names no period (no ``kind``). Only the fields of the chosen kind are required.

    ``default``: the page's period before any choice; ``longest_custom_months``: the longest
    custom range (``None``: no limit); ``first_year``: the first year that may be chosen.
    The last one is the current year, and no period starts after ``today``.
    """

    kind = forms.ChoiceField(label=_("Period"), choices=KIND_CHOICES)
    year = forms.IntegerField(label=_("Year"), required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int, required=False, empty_value=None
    )
    month = forms.TypedChoiceField(
        label=_("Month"), choices=MONTH_CHOICES, coerce=int, required=False, empty_value=None
    )
    start = date_input_field(_("From"))
    end = date_input_field(_("To (inclusive)"))

    def __init__(
        self,
        query=None,
        *,
        today: datetime.date,
        default: Period,
        longest_custom_months: int | None = None,
        first_year: int = FIRST_YEAR,
        **kwargs,
    ):
        self.today = today
        self.default = default
        self.longest_custom_months = longest_custom_months
        self.first_year = first_year
        if not query or "kind" not in query:
            # The default period, keeping the query's other fields (a report's paper).
            kept = query.copy() if query else {}
            for name, value in self.showing(default).items():
                kept[name] = value
            query = kept
        super().__init__(query, **kwargs)
        self.fields["year"].widget.attrs.update(
            {"min": first_year, "max": today.year, "inputmode": "numeric"}
        )
        # Read by period-fields.js, which shows only the fields of the kind chosen.
        for name in MISSING:
            kinds = " ".join(kind for kind, names in FIELDS.items() if name in names)
            self.fields[name].widget.attrs["data-period-kinds"] = kinds

    @staticmethod
    def showing(period: Period) -> dict[str, str]:
        """The form's data for ``period``: every field filled, so that switching to another kind
        starts from the same dates."""
        return {
            "kind": period.kind,
            "year": str(period.start.year),
            "quarter": str(period.quarter_number),
            "month": str(period.start.month),
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        }

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not self.first_year <= year <= self.today.year:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s."),
                params={"first": self.first_year, "last": self.today.year},
            )
        return year

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in FIELDS:
            # A field the kind does not read is ignored, even malformed: the script hides it,
            # and its error would show where nobody can correct it.
            for name in MISSING.keys() - FIELDS[kind]:
                self.errors.pop(name, None)
        for name in FIELDS.get(kind, ()):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, MISSING[name])
        complete = kind in (MONTH, QUARTER) and not any(n in self.errors for n in FIELDS[kind])
        if complete and self.period().start > self.today:
            self.add_error(kind, _("The period cannot start in the future."))
        if kind == CUSTOM and data.get("start") and data.get("end"):
            start, end = data["start"], data["end"]
            longest = self.longest_custom_months
            if end < start:
                self.add_error("end", _("The end date comes before the start date."))
            elif start > self.today:
                self.add_error("start", _("The period cannot start in the future."))
            elif longest and end >= months_later(start, longest):
                message = _("A custom range covers at most %(months)s months.")
                self.add_error("end", forms.ValidationError(message, params={"months": longest}))
        return data

    def period(self) -> Period:
        """The period chosen; call only on a valid form."""
        data = self.cleaned_data
        kind = data["kind"]
        if kind == MONTH:
            return Period.month(data["year"], data["month"])
        if kind == QUARTER:
            return Period.quarter(data["year"], data["quarter"])
        if kind == YEAR:
            return Period.year(data["year"])
        return Period.custom(data["start"], data["end"])
