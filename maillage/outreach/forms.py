from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import Membership
from maillage.core.forms import DateRangeMixin, EditingForm, date_input_field, field_options
from maillage.organizations.served import served_municipalities

from .models import DefaultStrategy, OutreachActivity, PlaceType, Strategy

#: Sanity bounds: a typo (an extra zero) should be caught, a big community event should not.
MAX_PEOPLE = 10_000
MAX_MINUTES = 24 * 60


def _number_input():
    # inputmode brings up the digit keypad on phones; type=number alone does not everywhere.
    return forms.NumberInput(attrs={"inputmode": "numeric"})


#: The organization's strategies and municipalities by UUID and code in the page (never a
#: database id); their querysets are set by each form.
STRATEGY = {"to_field_name": "uuid", "empty_label": _("Choose a strategy")}
MUNICIPALITY = {"to_field_name": "code", "empty_label": _("Not specified")}


class QuickLogForm(EditingForm):
    """The quick log: a strategy and a number of people; the date is today."""

    class Meta(EditingForm.Meta):
        model = OutreachActivity
        fields = ("strategy", "people_met")
        widgets = {"people_met": _number_input()}
        formfield_callback = field_options(strategy=STRATEGY, people_met={"max_value": MAX_PEOPLE})

    def __init__(self, *args, organization, **kwargs):
        # Its own ids: the quick log is included in pages that hold other forms.
        kwargs.setdefault("auto_id", "quick-log-%s")
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["strategy"].queryset = Strategy.objects.for_org(organization).filter(
            is_active=True
        )


class OutreachActivityForm(EditingForm):
    """Every detail of an activity. Its cleaned data are the values the services take."""

    class Meta(EditingForm.Meta):
        model = OutreachActivity
        fields = (
            "date",
            "strategy",
            "place_type",
            "municipality",
            "duration_minutes",
            "people_met",
            "families_reached",
            "note",
        )
        help_texts = {
            "families_reached": _("Families you met for the first time. Leave 0 if none."),
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "duration_minutes": _number_input(),
            "people_met": _number_input(),
            "families_reached": _number_input(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        formfield_callback = field_options(
            strategy=STRATEGY,
            municipality=MUNICIPALITY,
            place_type={"choices": [("", _("Not specified")), *PlaceType.choices]},
            duration_minutes={"max_value": MAX_MINUTES},
            people_met={"max_value": MAX_PEOPLE},
            # Left empty, it is 0 (clean_families_reached).
            families_reached={"max_value": MAX_PEOPLE, "required": False},
        )

    def __init__(self, *args, organization, activity=None, **kwargs):
        super().__init__(*args, instance=activity, **kwargs)
        self.organization = organization
        today = timezone.localdate()
        self.fields["date"].initial = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()
        # An activity keeps its strategy and municipality even once no longer in use or served.
        strategies = Q(is_active=True)
        if activity is not None:
            strategies |= Q(pk=activity.strategy_id)
        self.fields["strategy"].queryset = Strategy.objects.for_org(organization).filter(strategies)
        self.fields["municipality"].queryset = served_municipalities(
            organization, keeping=activity.municipality_id if activity is not None else None
        )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return date

    def clean_families_reached(self):
        return self.cleaned_data["families_reached"] or 0

    def clean(self):
        cleaned = super().clean()
        people, families = cleaned.get("people_met"), cleaned.get("families_reached")
        if people is not None and families is not None and families > people:
            self.add_error(
                "families_reached",
                _("There cannot be more families newly reached than people met (%(people)s).")
                % {"people": people},
            )
        return cleaned


class ActivityFilterForm(DateRangeMixin, forms.Form):
    worker = forms.ChoiceField(label=_("Worker"), required=False)
    strategy = forms.ChoiceField(label=_("Strategy"), required=False)
    start = date_input_field(_("From"))
    end = date_input_field(_("To"))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        members = (
            Membership.objects.for_org(organization)
            .select_related("user")
            .order_by("user__full_name", "user__email")
        )
        self.fields["worker"].choices = [("", _("Everyone"))] + [
            (str(member.user.uuid), str(member.user)) for member in members
        ]
        self.fields["strategy"].choices = [("", _("All strategies"))] + [
            (str(strategy.uuid), str(strategy))
            for strategy in Strategy.objects.for_org(organization)
        ]

    def apply(self, activities):
        if not self.is_valid():
            return activities.none()
        data = self.cleaned_data
        if data["worker"]:
            activities = activities.filter(worker__uuid=data["worker"])
        if data["strategy"]:
            activities = activities.filter(strategy__uuid=data["strategy"])
        if data["start"]:
            activities = activities.filter(date__gte=data["start"])
        if data["end"]:
            activities = activities.filter(date__lte=data["end"])
        return activities


def _comparable(name: str) -> str:
    return " ".join(name.split()).casefold()


class StrategyForm(forms.Form):
    """A strategy of the organization's own, named unlike any it already has."""

    name = forms.CharField(label=_("Name of the strategy"), max_length=120)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def _names_in_use(self):
        """Every name a strategy of the organization goes by, in every language of the interface.

        Default strategies are named by translation: "Parc ou terrain de jeux" is the
        same strategy as "Park or playground".
        """
        names = {}
        for strategy in Strategy.objects.for_org(self.organization):
            if strategy.default:
                for code, _language in settings.LANGUAGES:
                    with translation.override(code):
                        label = str(DefaultStrategy(strategy.default).label)
                    names.setdefault(_comparable(label), strategy)
            else:
                names.setdefault(_comparable(strategy.custom_name), strategy)
        return names

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        existing = self._names_in_use().get(_comparable(name))
        if existing is not None:
            if existing.is_active:
                raise forms.ValidationError(
                    _("The organization already has this strategy: %(name)s.") % {"name": existing}
                )
            raise forms.ValidationError(
                _(
                    "The organization already has this strategy: %(name)s. "
                    "It is not in use; put it back in use in the list below."
                )
                % {"name": existing}
            )
        return name
