import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import Membership
from maillage.core.forms import DateRangeMixin, date_input_field
from maillage.partners.models import Partner

from .models import Collaboration, CollaborationKind, Decision, OutOfMandateRequest, RequestKind

MAX_MINUTES = 24 * 60


def _minutes_input():
    return forms.NumberInput(attrs={"inputmode": "numeric", "min": 0})


class PartnersField(forms.ModelMultipleChoiceField):
    """Partners of the directory the organization sees, by UUID in the page."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Partner.objects.none(),
            to_field_name="uuid",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )


class CollaborationForm(forms.ModelForm):
    partners = PartnersField(label=_("Partners present"))
    connected = PartnersField(
        label=_("I connected these partners with each other"),
        help_text=_("Choose two partners or more; each pair is counted as a connection."),
    )

    class Meta:
        model = Collaboration
        fields = [
            "date",
            "kind",
            "title",
            "subjects",
            "partners",
            "other_partners",
            "connected",
            "duration_minutes",
            "follow_ups",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "subjects": forms.Textarea(attrs={"rows": 3}),
            "follow_ups": forms.Textarea(attrs={"rows": 3}),
            "duration_minutes": _minutes_input(),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Partner.objects.visible_to(organization).order_by("name")
        self.fields["partners"].queryset = visible
        self.fields["connected"].queryset = visible
        self.fields["duration_minutes"].max_value = MAX_MINUTES
        if self.instance.pk:
            self.initial["partners"] = list(self.instance.partners.values_list("uuid", flat=True))
            pairs = self.instance.connections.values_list("partner_a__uuid", "partner_b__uuid")
            self.initial["connected"] = sorted({uuid for pair in pairs for uuid in pair})

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if minutes is not None and minutes > MAX_MINUTES:
            raise forms.ValidationError(
                _("A collaboration lasts at most 24 hours (1,440 minutes).")
            )
        return minutes

    def clean_connected(self):
        connected = list(self.cleaned_data["connected"])
        if len(connected) == 1:
            raise forms.ValidationError(_("Choose at least two partners to connect."))
        return connected

    def clean(self):
        cleaned = super().clean()
        # A partner the worker connected was there: count it among those present.
        present = list(cleaned.get("partners") or [])
        for partner in cleaned.get("connected") or []:
            if partner not in present:
                present.append(partner)
        cleaned["partners"] = present
        return cleaned

    def _post_clean(self):
        # The service compares and saves: the form leaves the instance as it was read.
        pass


class OutOfMandateRequestForm(forms.ModelForm):
    partner = forms.ModelChoiceField(
        queryset=Partner.objects.none(),
        to_field_name="uuid",
        required=False,
        label=_("Partner"),
        empty_label=_("A partner outside the directory"),
    )

    class Meta:
        model = OutOfMandateRequest
        fields = [
            "date",
            "partner",
            "partner_name",
            "kind",
            "description",
            "minutes_spent",
            "decision",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "minutes_spent": _minutes_input(),
            "decision": forms.RadioSelect,
        }
        help_texts = {
            "minutes_spent": _("The time it took, or would have taken if declined."),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.visible_to(organization).order_by("name")
        self.fields["decision"].choices = Decision.choices

    def clean_minutes_spent(self):
        minutes = self.cleaned_data["minutes_spent"]
        if minutes is not None and minutes > MAX_MINUTES:
            raise forms.ValidationError(_("Enter at most 1,440 minutes (24 hours)."))
        return minutes

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("partner"):
            cleaned["partner_name"] = ""
        elif "partner" not in self.errors and not cleaned.get("partner_name", "").strip():
            self.add_error("partner_name", _("Choose a partner of the directory or type its name."))
        return cleaned

    def _post_clean(self):
        # The service saves; ``clean`` already enforces the model's constraint.
        pass


def _worker_choices(organization):
    members = (
        Membership.objects.for_org(organization)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return [("", _("Everyone"))] + [(str(m.user.uuid), str(m.user)) for m in members]


class PeriodForm(DateRangeMixin, forms.Form):
    start = date_input_field(_("From"))
    end = date_input_field(_("To"))

    def apply(self, rows):
        if not self.is_valid():
            return rows.none()
        if self.cleaned_data["start"]:
            rows = rows.filter(date__gte=self.cleaned_data["start"])
        if self.cleaned_data["end"]:
            rows = rows.filter(date__lte=self.cleaned_data["end"])
        return rows


def twelve_months_back(today: datetime.date) -> datetime.date:
    """The first day of the 12 months that end ``today`` (2026-11-22 → 2025-11-23)."""
    try:
        a_year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        a_year_ago = today.replace(year=today.year - 1, day=28)
    return a_year_ago + datetime.timedelta(days=1)


class BridgePeriodForm(PeriodForm):
    """The bridge's period. Without dates in the address: the last 12 months; both dates
    emptied on purpose: since the beginning."""

    def __init__(self, data=None, *, today):
        if data is None or not ("start" in data or "end" in data):
            data = {"start": twelve_months_back(today).isoformat(), "end": today.isoformat()}
        super().__init__(data)

    def bounds(self):
        """``(start, end)``, either may be ``None``; call only on a valid form."""
        return self.cleaned_data["start"], self.cleaned_data["end"]


class CollaborationFilterForm(PeriodForm):
    worker = forms.ChoiceField(label=_("Worker"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *CollaborationKind.choices],
    )
    field_order = ["worker", "kind", "start", "end"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = _worker_choices(organization)

    def apply(self, rows):
        rows = super().apply(rows)
        if not self.is_valid():
            return rows
        if self.cleaned_data["worker"]:
            rows = rows.filter(worker__uuid=self.cleaned_data["worker"])
        if self.cleaned_data["kind"]:
            rows = rows.filter(kind=self.cleaned_data["kind"])
        return rows


class RequestFilterForm(PeriodForm):
    worker = forms.ChoiceField(label=_("Worker"), required=False)
    kind = forms.ChoiceField(
        label=_("What was asked"),
        required=False,
        choices=[("", _("All kinds")), *RequestKind.choices],
    )
    decision = forms.ChoiceField(
        label=_("Decision"), required=False, choices=[("", _("All")), *Decision.choices]
    )
    field_order = ["worker", "kind", "decision", "start", "end"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = _worker_choices(organization)

    def apply(self, rows):
        rows = super().apply(rows)
        if not self.is_valid():
            return rows
        for name, lookup in (
            ("worker", "worker__uuid"),
            ("kind", "kind"),
            ("decision", "decision"),
        ):
            if self.cleaned_data[name]:
                rows = rows.filter(**{lookup: self.cleaned_data[name]})
        return rows
