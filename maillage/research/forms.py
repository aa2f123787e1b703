import calendar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
# Browsers without a month picker show a text box: the hint says what to type.
MONTH_HELP = _("Year and month, for example 2026-01.")


class ReleaseForm(forms.Form):
    """The period of a research extract, in whole months: no date finer than a month leaves."""

    start = forms.DateField(
        label=_("First month"), input_formats=["%Y-%m"], widget=MONTH, help_text=MONTH_HELP
    )
    end = forms.DateField(
        label=_("Last month"), input_formats=["%Y-%m"], widget=MONTH, help_text=MONTH_HELP
    )

    def clean_end(self):
        end = self.cleaned_data["end"]
        today = timezone.localdate()
        if (end.year, end.month) > (today.year, today.month):
            raise forms.ValidationError(_("The period cannot end after the current month."))
        return end.replace(day=calendar.monthrange(end.year, end.month)[1])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last month cannot come before the first month."))
        return cleaned
