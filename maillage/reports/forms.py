from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from maillage.core.forms import date_input_field

from .periods import CUSTOM, MONTH, QUARTER, YEAR, Period, previous_quarter

KIND_CHOICES = [
    (MONTH, _("A month")),
    (QUARTER, _("A quarter")),
    (YEAR, _("A year")),
    (CUSTOM, _("Dates of my choice")),
]
QUARTER_CHOICES = [
    (1, _("January to March")),
    (2, _("April to June")),
    (3, _("July to September")),
    (4, _("October to December")),
]


class ReportPeriodForm(forms.Form):
    """The period of the report, read from the query string (nothing sensitive in it)."""

    kind = forms.ChoiceField(label=_("Period"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"data-period-kinds": "month quarter year"}),
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *MONTHS.items()],
        widget=forms.Select(attrs={"data-period-kinds": "month"}),
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *QUARTER_CHOICES],
        widget=forms.Select(attrs={"data-period-kinds": "quarter"}),
    )
    start = date_input_field(_("From"))
    end = date_input_field(_("To"))
    paper = forms.ChoiceField(
        label=_("Paper size of the PDF"),
        required=False,
        choices=[("letter", _("Letter")), ("a4", "A4")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            self.fields[name].widget.attrs["data-period-kinds"] = "custom"

    @classmethod
    def from_query(cls, query, *, today):
        """Bound to the query string, or to the last complete quarter when it names no period."""
        if "kind" in query:
            return cls(query)
        default = previous_quarter(today)
        return cls(
            {
                "kind": QUARTER,
                "year": default.start.year,
                "quarter": (default.start.month - 1) // 3 + 1,
                "month": default.start.month,
                "start": default.start.isoformat(),
                "end": default.end.isoformat(),
                "paper": "letter",
            }
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        needed = {
            MONTH: ("year", "month"),
            QUARTER: ("year", "quarter"),
            YEAR: ("year",),
            CUSTOM: ("start", "end"),
        }.get(kind, ())
        messages = {
            "year": _("Give the year."),
            "month": _("Choose the month."),
            "quarter": _("Choose the quarter."),
            "start": _("Give the first day of the period."),
            "end": _("Give the last day of the period."),
        }
        for name in needed:
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, messages[name])
        if kind == CUSTOM and not self.errors and cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("The end date comes before the start date."))
        return cleaned

    def period(self) -> Period:
        """The period asked for; call only on a valid form."""
        data = self.cleaned_data
        kind = data["kind"]
        if kind == MONTH:
            return Period.month(data["year"], data["month"])
        if kind == QUARTER:
            return Period.quarter(data["year"], data["quarter"])
        if kind == YEAR:
            return Period.year(data["year"])
        return Period(data["start"], data["end"])
