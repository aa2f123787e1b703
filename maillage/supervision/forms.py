import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core.forms import date_input_field

from . import periods

KIND_CHOICES = [
    ("month", _("Month")),
    ("quarter", _("Quarter")),
    ("year", _("Year")),
    ("custom", _("Custom range")),
]
QUARTER_CHOICES = [
    ("", "—"),
    ("1", _("1st quarter (January to March)")),
    ("2", _("2nd quarter (April to June)")),
    ("3", _("3rd quarter (July to September)")),
    ("4", _("4th quarter (October to December)")),
]
FIRST_YEAR = 2000


class MonthField(forms.DateField):
    """A month typed as ``2026-11`` (a month picker where the browser has one)."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m"]
    default_error_messages = {"invalid": _("Enter a month such as 2026-11.")}


class TeamPeriodForm(forms.Form):
    """The period of the team view. Without anything in the address: the current month.

    Only the fields of the kind chosen are read; a field the kind needs and that is missing
    or wrong gets its message next to it.
    """

    kind = forms.ChoiceField(label=_("Period"), choices=KIND_CHOICES, required=False)
    month = MonthField(label=_("Month"), required=False)
    quarter = forms.ChoiceField(label=_("Quarter"), choices=QUARTER_CHOICES, required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        help_text=_("For a quarter or a year."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    start = date_input_field(_("From"))
    end = date_input_field(_("To"))

    def __init__(self, data=None, *, today: datetime.date):
        self.today = today
        if not data or not any(name in data for name in ("kind", "month", "start", "year")):
            data = {"kind": "month", "month": today.strftime("%Y-%m")}
        super().__init__(data)
        self.fields["year"].widget.attrs.update({"min": FIRST_YEAR, "max": today.year + 1})

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
        required = {
            "month": ["month"],
            "quarter": ["quarter", "year"],
            "year": ["year"],
            "custom": ["start", "end"],
        }[kind]
        for name in required:
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
        return periods.month_period(data["month"])
