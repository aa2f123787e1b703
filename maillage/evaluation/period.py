"""The period an evaluation looks at: a month, a quarter, a year, or custom dates.

``Period`` is a plain value (start and end both inclusive, a kind, a readable label).
``PeriodForm`` reads it from the query string (``?kind=quarter&year=2026&quarter=3``) and
shows its errors next to the field; ``period_from_request(request)`` returns the period
and the bound form, falling back to ``default_period()`` when the query string says
nothing.

The default is the **last full quarter**, not the current year: a complete quarter is
comparable from one report to the next and is what funders ask for, while the year to
date is incomplete for three quarters of the year and its numbers keep moving. A person
who wants the year picks it.

Adding a question: nothing to do here. A question receives the period inside its
``Scope`` and filters with ``period.start`` / ``period.end`` (or through the scope's
helpers, which already do).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
CUSTOM = "custom"

KIND_CHOICES = [
    (MONTH, _("Month")),
    (QUARTER, _("Quarter")),
    (YEAR, _("Year")),
    (CUSTOM, _("Custom dates")),
]
QUARTER_CHOICES = [
    (1, _("Q1 (January to March)")),
    (2, _("Q2 (April to June)")),
    (3, _("Q3 (July to September)")),
    (4, _("Q4 (October to December)")),
]
# Django's own month names, already translated.
MONTH_CHOICES = list(MONTHS.items())

#: A custom period longer than this is refused: beyond it, use years.
LONGEST_CUSTOM_DAYS = 3 * 366
FIRST_YEAR = 2000


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    kind: str = CUSTOM

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), MONTH)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first_month = 3 * (quarter - 1) + 1
        last = calendar.monthrange(year, first_month + 2)[1]
        return cls(date(year, first_month, 1), date(year, first_month + 2, last), QUARTER)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), YEAR)

    @classmethod
    def custom(cls, start: date, end: date) -> Period:
        return cls(start, end, CUSTOM)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

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
                "quarter": (self.start.month - 1) // 3 + 1,
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
            quarter = (self.start.month - 1) // 3 + 1
            return {"kind": QUARTER, "year": str(self.start.year), "quarter": str(quarter)}
        if self.kind == YEAR:
            return {"kind": YEAR, "year": str(self.start.year)}
        return {"kind": CUSTOM, "start": self.start.isoformat(), "end": self.end.isoformat()}


def default_period(today: date | None = None) -> Period:
    """The last full quarter before ``today`` (see the module's docstring for why)."""
    today = today or timezone.localdate()
    current = (today.month - 1) // 3 + 1
    if current == 1:
        return Period.quarter(today.year - 1, 4)
    return Period.quarter(today.year, current - 1)


class PeriodForm(forms.Form):
    """The period picker. Only the fields of the chosen kind are required."""

    kind = forms.ChoiceField(label=_("Period"), choices=KIND_CHOICES)
    year = forms.IntegerField(label=_("Year"), required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTER_CHOICES, coerce=int, required=False, empty_value=None
    )
    month = forms.TypedChoiceField(
        label=_("Month"), choices=MONTH_CHOICES, coerce=int, required=False, empty_value=None
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To (inclusive)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["year"].widget.attrs.update(
            {"min": FIRST_YEAR, "max": self.today.year, "inputmode": "numeric"}
        )

    @classmethod
    def for_period(cls, period: Period, **kwargs) -> PeriodForm:
        """An unbound form showing ``period`` (the default, before any choice)."""
        initial = {"kind": period.kind, "year": period.start.year}
        initial.update(quarter=(period.start.month - 1) // 3 + 1, month=period.start.month)
        if period.kind == CUSTOM:
            initial.update(start=period.start, end=period.end)
        return cls(initial=initial, **kwargs)

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not FIRST_YEAR <= year <= self.today.year:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s."),
                params={"first": FIRST_YEAR, "last": self.today.year},
            )
        return year

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        required = {
            MONTH: ("year", "month"),
            QUARTER: ("year", "quarter"),
            YEAR: ("year",),
            CUSTOM: ("start", "end"),
        }.get(kind, ())
        for name in required:
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, _("Needed for this kind of period."))
        if kind == CUSTOM and data.get("start") and data.get("end"):
            start, end = data["start"], data["end"]
            if end < start:
                self.add_error("end", _("The end comes before the start."))
            elif start > self.today:
                self.add_error("start", _("The period cannot start in the future."))
            elif (end - start).days + 1 > LONGEST_CUSTOM_DAYS:
                self.add_error("end", _("Choose three years at most; for longer, compare years."))
        return data

    @property
    def period(self) -> Period:
        """The period chosen; only after ``is_valid()``."""
        data = self.cleaned_data
        kind = data["kind"]
        if kind == MONTH:
            return Period.month(data["year"], data["month"])
        if kind == QUARTER:
            return Period.quarter(data["year"], data["quarter"])
        if kind == YEAR:
            return Period.year(data["year"])
        return Period.custom(data["start"], data["end"])


def period_from_request(request, *, today: date | None = None) -> tuple[Period, PeriodForm]:
    """The period asked for in the query string and the form to show.

    Without ``kind`` in the query string: the default period. With errors: the form
    carries them (shown next to each field, what was typed kept) and the page is
    computed for the default period, which the page says.
    """
    if "kind" not in request.GET:
        period = default_period(today)
        return period, PeriodForm.for_period(period, today=today)
    form = PeriodForm(request.GET, today=today)
    if form.is_valid():
        return form.period, form
    return default_period(today), form
