from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.taxonomy import Need
from maillage.organizations.models import Municipality, Region

from .models import Cause, GapStatus, ServiceGap

GAP_FIELDS = [
    "need",
    "cause",
    "municipality",
    "mrc",
    "region",
    "description",
    "families_added",
    "raised_at_table_on",
    "action_taken",
]


class GapForm(forms.ModelForm):
    """A gap raised or edited by the manager. The municipalities offered are those the
    organization serves (and the gap's own, when editing)."""

    class Meta:
        model = ServiceGap
        fields = GAP_FIELDS
        widgets = {
            "raised_at_table_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "action_taken": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization, with_status=False, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = organization.municipalities.all()
        if self.instance.municipality_id:
            municipalities = municipalities | Municipality.objects.filter(
                pk=self.instance.municipality_id
            )
        self.fields["municipality"].queryset = municipalities.distinct().order_by("name")
        self.fields["region"].queryset = Region.objects.order_by("name")
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"), choices=GapStatus.choices, initial=self.instance.status
            )

    def clean_raised_at_table_on(self):
        value = self.cleaned_data["raised_at_table_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("municipality") or cleaned.get("mrc") or cleaned.get("region")):
            self.add_error(
                "municipality", _("Name the territory: a municipality, an MRC or a region.")
            )
        return cleaned

    def values(self) -> dict:
        names = [*GAP_FIELDS, *(["status"] if "status" in self.fields else [])]
        return {name: self.cleaned_data[name] for name in names}


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=ServiceGap.objects.none())

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = targets
        self.fields["into"].to_field_name = "uuid"


def _blank(choices, label):
    return [("", label), *choices]


class RegisterFilterForm(forms.Form):
    need = forms.ChoiceField(label=_("Need"), required=False)
    cause = forms.ChoiceField(label=_("Cause"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    territory = forms.CharField(label=_("Territory"), required=False, max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = _blank(Need.choices, _("All needs"))
        self.fields["cause"].choices = _blank(Cause.choices, _("All causes"))
        self.fields["status"].choices = _blank(GapStatus.choices, _("Open gaps"))


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Whole year")),
            (1, _("January to March")),
            (2, _("April to June")),
            (3, _("July to September")),
            (4, _("October to December")),
        ],
    )
