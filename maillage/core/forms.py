from django import forms
from django.utils.translation import gettext_lazy as _


class DateRangeMixin:
    """Filter forms with ``start`` and ``end`` dates: the end may not come before the start."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date comes before the start date."))
        return cleaned


def date_input_field(label):
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
