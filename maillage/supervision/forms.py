import datetime

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from maillage.core.forms import date_input_field

from . import periods

KIND_CHOICES = [
    ("month", _("Month")),
    ("quarter", _("Quarter")),
    ("year", _("Year")),
    ("custom", _("Custom range")),
]
MONTH_CHOICES = [("", "—"), *((str(number), name) for number, name in MONTHS.items())]
QUARTER_CHOICES = [
    ("", "—"),
    ("1", _("1st quarter (January to March)")),
    ("2", _("2nd quarter (April to June)")),
    ("3", _("3rd quarter (July to September)")),
    ("4", _("4th quarter (October to December)")),
]
FIRST_YEAR = 2000
#: The fields each kind of period reads.
NEEDS = {
    "month": ["month", "year"],
    "quarter": ["quarter", "year"],
    "year": ["year"],
    "custom": ["start", "end"],
}


class TeamPeriodForm(forms.Form):
    """The period of the team view. Without anything in the address: the current month.

    Only the fields of the kind chosen are read; a field the kind needs and that is missing
    or wrong gets its message next to it.
    """

    kind = forms.ChoiceField(label=_("Period"), choices=KIND_CHOICES, required=False)
    month = forms.ChoiceField(label=_("Month"), choices=MONTH_CHOICES, required=False)
    quarter = forms.ChoiceField(label=_("Quarter"), choices=QUARTER_CHOICES, required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        help_text=_("For a month, a quarter or a year."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    start = date_input_field(_("From"))
    end = date_input_field(_("To"))

    def __init__(self, data=None, *, today: datetime.date):
        self.today = today
        if not data or not any(name in data for name in ("kind", "month", "start", "year")):
            data = {"kind": "month", "month": str(today.month), "year": str(today.year)}
        super().__init__(data)
        self.fields["year"].widget.attrs.update({"min": FIRST_YEAR, "max": today.year + 1})
        # Read by supervision-period.js, which shows only the fields of the kind chosen.
        for name in ("month", "quarter", "year", "start", "end"):
            kinds = " ".join(kind for kind, names in NEEDS.items() if name in names)
            self.fields[name].widget.attrs["data-period-kinds"] = kinds

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not FIRST_YEAR <= year <= self.today.year + 1:
            raise forms.ValidationError(
                _("Enter a year between %(first)s and %(last)s."),
                params={"first": FIRST_YEAR, "last": self.today.year + 1},
            )
        return year

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind") or "month"
        cleaned["kind"] = kind
        for name in NEEDS[kind]:
            if name not in self.errors and not cleaned.get(name):
                self.add_error(name, _("Required for this kind of period."))
        if kind == "custom" and cleaned.get("start") and cleaned.get("end"):
            start, end = cleaned["start"], cleaned["end"]
            if start > end:
                self.add_error("end", _("The end date comes before the start date."))
            elif periods.months_spanned(start, end) > periods.MAX_CUSTOM_MONTHS:
                self.add_error(
                    "end",
                    _("A custom range covers at most %(months)s months.")
                    % {"months": periods.MAX_CUSTOM_MONTHS},
                )
        return cleaned

    def period(self) -> periods.Period:
        """The period chosen; call only on a valid form."""
        data = self.cleaned_data
        if data["kind"] == "quarter":
            return periods.quarter_period(data["year"], int(data["quarter"]))
        if data["kind"] == "year":
            return periods.year_period(data["year"])
        if data["kind"] == "custom":
            return periods.Period("custom", data["start"], data["end"])
        return periods.month_period(datetime.date(data["year"], int(data["month"]), 1))
