from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AccessRequest, Disclosure, RequestStatus
from .services import DISCLOSURE_FIELDS, REQUEST_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FUTURE = _("This date cannot be in the future.")


def _not_future(form, name):
    day = form.cleaned_data.get(name)
    if day and day > timezone.localdate():
        form.add_error(name, FUTURE)


class AccessRequestForm(forms.ModelForm):
    class Meta:
        model = AccessRequest
        fields = REQUEST_FIELDS
        widgets = {"received_on": DATE}

    def clean(self):
        cleaned = super().clean()
        _not_future(self, "received_on")
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in REQUEST_FIELDS}


class DisclosureForm(forms.ModelForm):
    class Meta:
        model = Disclosure
        fields = DISCLOSURE_FIELDS
        widgets = {"sent_on": DATE, "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        # Who sent it: a member of this organization, never someone of another one.
        self.fields["sent_by"].queryset = (
            get_user_model()
            .objects.filter(memberships__organization=organization, memberships__is_active=True)
            .order_by("full_name", "email")
        )
        self.fields["content"].required = True

    def clean(self):
        cleaned = super().clean()
        _not_future(self, "sent_on")
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in DISCLOSURE_FIELDS}


class AnswerOptionsForm(forms.Form):
    """What the manager chooses to leave in the answer; off by default (s. 39–40)."""

    include_notes = forms.BooleanField(
        label=_("Include the team's notes (read them first: a note may concern someone else)"),
        required=False,
    )
    include_dpj = forms.BooleanField(
        label=_("Include the reports to the DPJ"),
        required=False,
    )


class CloseRequestForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (RequestStatus.ANSWERED, RequestStatus.ANSWERED.label),
            (RequestStatus.REFUSED, RequestStatus.REFUSED.label),
        ],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("On"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason of the refusal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the request is refused: the family must be told why."),
    )

    def clean(self):
        cleaned = super().clean()
        _not_future(self, "on")
        if cleaned.get("status") == RequestStatus.REFUSED and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason of the refusal."))
        return cleaned
