from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import Membership
from maillage.core.forms import EditingForm
from maillage.core.taxonomy import Need
from maillage.organizations.served import served_municipalities
from maillage.outreach.models import Strategy

from .models import (
    ClosureReason,
    ConsentMethod,
    ConsentPurpose,
    ContextFactor,
    Family,
    Isolation,
    Member,
    Status,
    Strength,
)

#: The plain-language consent text currently read to families (docs/consent-text.md).
CONSENT_TEXT_VERSION = "2026-01"


class VersionedForm(forms.Form):
    """A form that changes the family row: it carries the version the page was shown with,
    so that a save from a second tab opened earlier is refused (``services.StaleFamily``).
    Without it the check could not be made, so a form sent without it saves nothing."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean(self):
        cleaned = super().clean()
        missing = cleaned.get("version") is None and "version" not in self.errors
        if "version" in self.fields and missing:
            raise forms.ValidationError(
                _(
                    "Nothing was saved: the form did not say which version of the family "
                    "it was opened on. Open the family again and redo the change."
                ),
                code="version_missing",
            )
        return cleaned

    def show_version(self, version: int):
        """Render the form again with ``version`` (the current one, after a refusal)."""
        self.data = self.data.copy()
        self.data["version"] = version


class MultipleChoiceList(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, choices, **kwargs):
        super().__init__(choices=choices, required=False, **kwargs)


class FamilyForm(VersionedForm, EditingForm):
    """What the worker knows of the household. Everything is optional."""

    isolation = MultipleChoiceList(Isolation.choices, label=_("Isolation"))
    strengths = MultipleChoiceList(Strength.choices, label=_("Strengths"))
    context_factors = MultipleChoiceList(
        ContextFactor.choices,
        label=_("Context factors"),
        help_text=_(
            "Seen only by the manager and the family's workers (or the whole team when "
            "the organization lets the team take over)."
        ),
    )

    class Meta(EditingForm.Meta):
        model = Family
        fields = [
            "entry_point",
            "origin_strategy",
            "municipality",
            "milieu",
            "languages",
            "interpreter_needed",
            "francisation",
            "immigration_context",
            "isolation",
            "strengths",
            "strengths_note",
            "context_factors",
        ]

    def __init__(self, *args, organization, sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin_strategy"].queryset = Strategy.objects.for_org(organization).filter(
            is_active=True
        )
        self.fields["municipality"].queryset = served_municipalities(
            organization, keeping=self.instance.municipality_id
        )
        self.fields["milieu"].help_text = _("Leave empty to use the organization's milieu.")
        if self.instance.pk is None:  # a new family has no version yet
            del self.fields["version"]
        if not sensitive:
            del self.fields["context_factors"]


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["role", "birth_year", "birth_month", "expected"]
        widgets = {
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "birth_month": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not (this_year - 120 <= year <= this_year + 1):
            raise forms.ValidationError(
                _("Give a year between %(first)s and %(last)s.")
                % {"first": this_year - 120, "last": this_year + 1}
            )
        return year

    def clean_birth_month(self):
        month = self.cleaned_data.get("birth_month")
        if month is not None and not 1 <= month <= 12:
            raise forms.ValidationError(_("Give a month from 1 to 12."))
        return month


#: Member rows of the new-family page (untouched rows are ignored).
MemberFormSet = forms.modelformset_factory(
    Member, form=MemberForm, extra=3, max_num=12, can_delete=False
)


class FirstConsentsForm(forms.Form):
    """The consents asked at the first contact. Nothing is ticked in advance."""

    file = forms.BooleanField(
        label=_("The family agrees that we keep an accompaniment file."), required=False
    )
    statistics = forms.BooleanField(
        label=_("The family agrees to be counted in de-identified statistics."), required=False
    )
    identity = forms.BooleanField(
        label=_(
            "The family agrees that we keep its first name or nickname and its contact details."
        ),
        required=False,
    )
    method = forms.ChoiceField(
        label=_("How the family gave its consent"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    text_version = forms.CharField(
        label=_("Version of the text read to the family"),
        initial=CONSENT_TEXT_VERSION,
        max_length=40,
    )

    def __init__(self, *args, identity_enabled: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not identity_enabled:
            del self.fields["identity"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file"):
            self.add_error(
                "file",
                _(
                    "Without this consent no family file is kept: count the family in the "
                    "outreach activity instead."
                ),
            )
        if not cleaned.get("method"):
            self.add_error("method", _("Say how the family gave its consent."))
        return cleaned

    def consents(self) -> list[dict]:
        data = self.cleaned_data
        common = {"method": data["method"], "text_version": data["text_version"]}
        return [
            {"purpose": purpose, **common}
            for purpose in (ConsentPurpose.FILE, ConsentPurpose.STATISTICS, ConsentPurpose.IDENTITY)
            if data.get(purpose.value)
        ]


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    partner_name = forms.CharField(
        label=_("Partner"),
        max_length=200,
        required=False,
        help_text=_("Only for sharing information with a partner: which one."),
    )
    method = forms.ChoiceField(
        label=_("How"), choices=ConsentMethod.choices, widget=forms.RadioSelect
    )
    given_on = forms.DateField(
        label=_("Given on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    text_version = forms.CharField(
        label=_("Version of the text read to the family"),
        initial=CONSENT_TEXT_VERSION,
        max_length=40,
    )
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("purpose") == ConsentPurpose.SHARE_WITH_PARTNER
            and not cleaned.get("partner_name", "").strip()
        ):
            self.add_error("partner_name", _("Name the partner the family agreed to share with."))
        given, expires = cleaned.get("given_on"), cleaned.get("expires_on")
        if given and given > timezone.localdate():
            self.add_error("given_on", _("The date cannot be in the future."))
        if given and expires and expires < given:
            self.add_error("expires_on", _("The expiry comes before the consent was given."))
        return cleaned


class IdentityForm(VersionedForm):
    nickname = forms.CharField(label=_("First name or nickname"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.ChoiceField(
        label=_("Reason (when closing)"),
        choices=[("", "—"), *ClosureReason.choices],
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Status.CLOSED and not cleaned.get("reason"):
            self.add_error("reason", _("Say why the file is closed."))
        return cleaned


def _workers(organization):
    return (
        Membership.objects.for_org(organization)
        .active()
        .filter(role__in=["ptp", "pg"])
        .select_related("user")
    )


class WorkerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj.user)


class WorkersForm(forms.Form):
    workers = WorkerChoiceField(
        label=_("Workers of the family"),
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workers"].queryset = _workers(organization)


class HandoverForm(forms.Form):
    from_worker = forms.ModelChoiceField(label=_("Families of"), queryset=Membership.objects.none())
    to_worker = forms.ModelChoiceField(label=_("Hand over to"), queryset=Membership.objects.none())
    note = forms.CharField(
        label=_("Handover note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What the colleague needs to know to take over gently."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("from_worker", "to_worker"):
            self.fields[name].queryset = _workers(organization)
            self.fields[name].label_from_instance = lambda m: str(m.user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from_worker") and cleaned.get("from_worker") == cleaned.get("to_worker"):
            self.add_error("to_worker", _("Choose someone else."))
        return cleaned


class FamilySearchForm(forms.Form):
    q = forms.CharField(label=_("Code, first name or phone"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *Status.choices], required=False
    )
    worker = forms.ModelChoiceField(
        label=_("Worker"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("Everyone"),
    )
    need = forms.ChoiceField(
        label=_("Need named in the plan"),
        choices=[("", _("All")), *Need.choices],
        required=False,
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = _workers(organization)
        self.fields["worker"].label_from_instance = lambda m: str(m.user)
        self.fields["municipality"].queryset = organization.municipalities.all()
