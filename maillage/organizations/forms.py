from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Community, Municipality, Organization


class MunicipalityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.region.name})"


def _municipality_field(required=False):
    return MunicipalityChoiceField(
        label=_("Municipalities served"),
        queryset=Municipality.objects.select_related("region"),
        required=required,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )


class OrganizationForm(forms.ModelForm):
    """The platform administrator's form: everything about an organization."""

    municipalities = _municipality_field()

    class Meta:
        model = Organization
        fields = ["name", "region", "milieu", "municipalities", "require_mfa_for_all", "is_active"]

    def clean(self):
        cleaned = super().clean()
        region = cleaned.get("region")
        municipalities = cleaned.get("municipalities")
        if region and municipalities:
            outside = [m.name for m in municipalities if m.region_id != region.pk]
            if outside:
                self.add_error(
                    "municipalities",
                    _("Outside the region chosen: %(names)s.") % {"names": ", ".join(outside)},
                )
        return cleaned


class OrganizationSettingsForm(forms.ModelForm):
    """What a manager may change about their own organization."""

    municipalities = _municipality_field()

    class Meta:
        model = Organization
        fields = [
            "municipalities",
            "require_mfa_for_all",
            "identity_enabled",
            "team_visibility",
            "stale_after_weeks",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.filter(
            region=self.instance.region
        ).select_related("region")


class CommunityForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = ["name", "region", "description", "organizations"]
        widgets = {"organizations": forms.SelectMultiple(attrs={"size": 8})}
