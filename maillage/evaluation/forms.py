from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.families.models import ImmigrationContext, Isolation
from maillage.organizations.models import Milieu, Municipality, Region

from .models import TargetDefinition
from .services import TARGET_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TargetForm(forms.Form):
    """A target clientele definition. A plain form (not a ModelForm) so that validating
    never touches the definition being edited: the service saves, or nothing changes."""

    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("For example: isolated families with children aged 0 to 5."),
    )
    community = forms.ModelChoiceField(
        label=_("Agreed with the community"),
        help_text=TargetDefinition._meta.get_field("community").help_text,
        queryset=None,
        required=False,
    )
    valid_from = forms.DateField(label=_("In force from"), widget=DATE)
    valid_to = forms.DateField(
        label=_("In force until (inclusive)"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty while the definition is in force."),
    )
    child_age_min = forms.IntegerField(
        label=_("Children from the age of (years)"), min_value=0, max_value=25, required=False
    )
    child_age_max = forms.IntegerField(
        label=_("Children up to the age of (years, inclusive)"),
        min_value=0,
        max_value=25,
        required=False,
        help_text=_(
            "A household meets the age criterion when one of its children or teenagers is "
            "of these ages on the last day of the period evaluated."
        ),
    )
    expected_birth_counts = forms.BooleanField(
        label=_("An expected birth counts as a child of 0 years"), required=False
    )
    isolation = forms.MultipleChoiceField(
        label=_("Isolation (any of these)"),
        choices=Isolation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    milieux = forms.MultipleChoiceField(
        label=_("Milieu (any of these)"),
        choices=Milieu.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities (any of these)"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    immigration_contexts = forms.MultipleChoiceField(
        label=_("Immigration context (any of these)"),
        choices=ImmigrationContext.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interpreter_needed = forms.BooleanField(
        label=_("Only families who need an interpreter"), required=False
    )
    estimated_population = forms.IntegerField(
        label=_("Estimated number of target families on the territory"),
        min_value=1,
        required=False,
    )
    population_source = forms.CharField(
        label=_("Source of the estimate"),
        max_length=300,
        required=False,
        help_text=_("For example: Statistics Canada census 2021, the CISSS's portrait."),
    )
    population_estimated_on = forms.DateField(
        label=_("Date of the estimate"), required=False, widget=DATE
    )

    def __init__(self, *args, organization, instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            initial = {name: getattr(instance, name) for name in TARGET_FIELDS}
            initial["municipalities"] = list(instance.municipalities.all())
            kwargs["initial"] = initial
        elif instance is None and "initial" not in kwargs:
            kwargs["initial"] = {"valid_from": timezone.localdate(), "expected_birth_counts": True}
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = organization.communities.order_by("name")
        municipalities = organization.municipalities.all()
        if instance is not None:
            municipalities = municipalities | Municipality.objects.filter(
                pk__in=instance.municipalities.values("pk")
            )
        self.fields["municipalities"].queryset = municipalities.distinct().order_by("name")
        self.organization = organization

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end comes before the start."))
        low, high = data.get("child_age_min"), data.get("child_age_max")
        if low is not None and high is not None and high < low:
            self.add_error("child_age_max", _("The oldest age comes before the youngest."))
        estimated_on = data.get("population_estimated_on")
        if estimated_on and estimated_on > timezone.localdate():
            self.add_error("population_estimated_on", _("This date cannot be in the future."))
        if data.get("estimated_population") and not data.get("population_source"):
            self.add_error(
                "population_source", _("Say where the estimate comes from, so it can be checked.")
            )
        if not any(
            [
                low is not None,
                high is not None,
                data.get("isolation"),
                data.get("milieux"),
                data.get("municipalities"),
                data.get("immigration_contexts"),
                data.get("interpreter_needed"),
            ]
        ):
            self.add_error(None, _("Set at least one criterion: who does the organization aim at?"))
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in TARGET_FIELDS}

    def chosen_municipalities(self):
        return list(self.cleaned_data["municipalities"])


class AcrossFilterForm(forms.Form):
    """The évaluateur's fixed breakdowns: one milieu, one region, or everything.

    ``offered``: the breakdown keys published (``("milieu", value)``, ``("region", code)``);
    the others stay in the lists, marked, and show no number when chosen."""

    milieu = forms.ChoiceField(label=_("Milieu"), required=False)
    region = forms.ChoiceField(label=_("Administrative region"), required=False)

    def __init__(self, *args, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        offered = set(offered or ())

        def label(key, text):
            if key in offered:
                return text
            return _("%(name)s (not published: too few organizations)") % {"name": text}

        self.fields["milieu"].choices = [
            ("", _("All milieux")),
            *((value, label(("milieu", value), text)) for value, text in Milieu.choices),
        ]
        regions = Region.objects.filter(organizations__isnull=False).distinct().order_by("code")
        self.fields["region"].choices = [
            ("", _("All regions")),
            *((region.code, label(("region", region.code), str(region))) for region in regions),
        ]

    def clean(self):
        data = super().clean()
        # A fixed breakdown: milieu or region, not both (their crossing would be
        # another breakdown, cut finer).
        if data.get("milieu") and data.get("region"):
            self.add_error("region", _("Choose a milieu or a region, not both."))
        return data
