import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.taxonomy import Need
from maillage.lib import referral_flow as flow
from maillage.partners.models import Service, ServiceStatus

from .models import NonUseReason, ReferralStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date picker sends and expects ISO dates, whatever the language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, service):
        return f"{service.partner.name} — {service.name}"


def services_for(organization):
    """The services of the directory the organization may see (defunct ones left out)."""
    return (
        Service.objects.visible_to(organization)
        .exclude(status=ServiceStatus.DEFUNCT)
        .select_related("partner")
        .order_by("partner__name", "name")
    )


class ReferralForm(forms.Form):
    """A new referral: a need, and a service of the directory or a partner typed in."""

    need = forms.ChoiceField(label=_("Need"), choices=[("", "—"), *Need.choices])
    service = ServiceChoiceField(
        label=_("Service of the directory"),
        queryset=Service.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="—",
    )
    partner_name = forms.CharField(
        label=_("Or another partner, not in the directory"),
        help_text=_("Its name, as the family's sharing consent names it."),
        max_length=200,
        required=False,
    )
    follow_up_on = forms.DateField(
        label=_("Follow up on"),
        help_text=_("The day to check how the referral is going."),
        required=False,
        widget=DateInput(),
    )
    accompanied = forms.BooleanField(label=_("I go with the family"), required=False)
    interpreter_used = forms.BooleanField(label=_("An interpreter is used"), required=False)
    transport_provided = forms.BooleanField(label=_("Transport is provided"), required=False)
    note = forms.CharField(
        label=_("Short note"),
        help_text=_("Short and factual, what helps the follow-up."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organization, show_note: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services_for(organization)
        if not show_note:
            del self.fields["note"]
        self.fields["follow_up_on"].initial = timezone.localdate() + datetime.timedelta(days=7)

    def clean_follow_up_on(self):
        day = self.cleaned_data.get("follow_up_on")
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("The follow-up date cannot be in the past."))
        return day

    def clean(self):
        cleaned = super().clean()
        service = cleaned.get("service")
        partner_name = (cleaned.get("partner_name") or "").strip()
        cleaned["partner_name"] = partner_name
        if service is None and not partner_name and "service" not in self.errors:
            self.add_error(
                "service",
                _("Choose a service from the directory, or type the name of another partner."),
            )
        elif service is not None and partner_name:
            self.add_error(
                "partner_name",
                _("Choose a service from the directory or type a partner, not both."),
            )
        return cleaned


class StatusForm(forms.Form):
    """The next status of a referral, with the reason when the referral ends unused or refused."""

    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.ChoiceField(
        label=_("Reason"),
        help_text=_("Required when the service was not used or was refused."),
        choices=[("", "—"), *NonUseReason.choices],
        required=False,
    )
    on = forms.DateField(
        label=_("Date"), help_text=_("Today when left empty."), required=False, widget=DateInput()
    )
    follow_up_on = forms.DateField(
        label=_("Next follow-up"),
        help_text=_("Leave empty to keep the current date."),
        required=False,
        widget=DateInput(),
    )
    note = forms.CharField(
        label=_("Short note"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, referral, show_note: bool, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = flow.allowed_from(referral.status)
        self.fields["to_status"].choices = [
            (value, label) for value, label in ReferralStatus.choices if value in allowed
        ]
        self.fields["on"].initial = timezone.localdate()
        if not show_note:
            del self.fields["note"]

    def clean(self):
        cleaned = super().clean()
        to_status, reason = cleaned.get("to_status"), cleaned.get("reason") or ""
        if to_status in flow.REASON_REQUIRED and not reason:
            self.add_error(
                "reason", _("Say why: the reason is required when the referral ends this way.")
            )
        elif to_status and reason and to_status not in flow.REASON_ALLOWED:
            self.add_error("reason", _("A reason is only given when the referral ends."))
        day = cleaned.get("on")
        if day and day > timezone.localdate():
            self.add_error("on", _("A change of status cannot be dated in the future."))
        return cleaned
