from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import MAX_MONTHS, Rectification, RetentionSchedule

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _months(name):
    label = RetentionSchedule._meta.get_field(name).verbose_name
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_MONTHS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ScheduleForm(forms.Form):
    """The two delays; ``initial`` comes from the saved schedule or the defaults."""

    identity_months = _months("identity_months")
    file_months = _months("file_months")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["identity_months"].help_text = _(
            "Nickname, phone and address are erased, with what lets a search find them."
        )
        self.fields["file_months"].help_text = _(
            "Notes and other free text are removed; dates, statuses and counts stay."
        )

    def clean(self):
        cleaned = super().clean()
        identity, file = cleaned.get("identity_months"), cleaned.get("file_months")
        if identity is not None and file is not None and identity > file:
            self.add_error(
                "identity_months",
                _("The identity must be destroyed no later than the file is anonymized."),
            )
        return cleaned


class RectificationForm(forms.ModelForm):
    class Meta:
        model = Rectification
        fields = ["field", "reason", "requested_by_family", "rectified_on"]
        widgets = {"rectified_on": DATE}

    def clean_rectified_on(self):
        day = self.cleaned_data["rectified_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A correction cannot be dated in the future."))
        return day
