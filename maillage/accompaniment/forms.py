from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.taxonomy import InterventionType, Need

from .models import ContactMode, StepStatus

#: A day of work, generously: beyond it, the number was surely mistyped.
MAX_MINUTES = 24 * 60


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date picker sends and expects ISO dates, whatever the language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ContactForm(forms.Form):
    """A contact in a few taps: a mode and a duration; everything else is prefilled or optional.

    Fields are declared rather than taken from the model so that saving goes through
    ``services.record_contact`` / ``update_contact``, which compare with the saved values.
    """

    mode = forms.ChoiceField(
        label=_("How"),
        choices=ContactMode.choices,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=MAX_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    travel_minutes = forms.IntegerField(
        label=_("Travel time (minutes)"),
        help_text=_("On the road for this contact, there and back."),
        min_value=0,
        max_value=MAX_MINUTES,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    distance_km = forms.DecimalField(
        label=_("Distance (km)"),
        help_text=_("Kilometres driven, there and back."),
        min_value=0,
        max_digits=6,
        decimal_places=1,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs addressed"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    interventions = forms.MultipleChoiceField(
        label=_("Types of intervention"),
        choices=InterventionType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    interpreter_used = forms.BooleanField(label=_("An interpreter was used"), required=False)
    note = forms.CharField(
        label=_("Short note"),
        help_text=_("Short and factual, what helps the follow-up. No details about other people."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    #: Shown first; the others sit under "More details", optional.
    main_fields = ("mode", "duration_minutes", "date", "travel_minutes", "distance_km")

    def __init__(self, *args, show_note: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_note:
            del self.fields["note"]
        today = timezone.localdate()
        self.fields["date"].initial = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return date

    def clean_travel_minutes(self):
        return self.cleaned_data["travel_minutes"] or 0

    def clean_distance_km(self):
        return self.cleaned_data["distance_km"] or Decimal(0)

    def clean_note(self):
        return self.cleaned_data["note"].strip()

    @property
    def main(self):
        return [self[name] for name in self.main_fields]

    @property
    def details(self):
        return [self[name] for name in self.fields if name not in self.main_fields]

    @property
    def details_open(self):
        """Open the optional part when it holds errors or values (editing a contact)."""
        for field in self.details:
            if field.errors or field.value() not in (None, "", [], False):
                return True
        return False


class PriorityForm(forms.Form):
    title = forms.CharField(
        label=_("Priority, in the family's words"),
        max_length=200,
        error_messages={"required": _("Write the priority in the family's words.")},
    )
    need = forms.ChoiceField(
        label=_("Need (optional)"),
        choices=[("", "—"), *Need.choices],
        required=False,
    )
    defined_by_family = forms.BooleanField(
        label=_("Named by the family"),
        help_text=_("Untick when the idea came from you rather than from the family."),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "priority-%s")
        super().__init__(*args, **kwargs)


class StepForm(forms.Form):
    description = forms.CharField(
        label=_("Next small step"),
        max_length=200,
        error_messages={"required": _("Describe the step.")},
    )
    due_on = forms.DateField(label=_("By (optional)"), required=False, widget=DateInput())

    def __init__(self, *args, priority, **kwargs):
        # Several of these forms share a page: one set of ids per priority.
        kwargs.setdefault("auto_id", f"step-{priority.uuid}-%s")
        super().__init__(*args, **kwargs)
        self.priority = priority


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(choices=StepStatus.choices)
