from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.forms import EditingForm, field_options, label_of
from maillage.core.taxonomy import InterventionType, Need

from .models import Contact, ContactMode, Priority, Step, StepStatus

#: A day of work, generously: beyond it, the number was surely mistyped.
MAX_MINUTES = 24 * 60


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date picker sends and expects ISO dates, whatever the language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ContactForm(EditingForm):
    """A contact in a few taps: a mode and a duration; everything else is prefilled or optional.

    Labels, limits and defaults are the model's; saving goes through
    ``services.record_contact`` / ``update_contact``, which compare with the saved values.
    """

    mode = forms.ChoiceField(
        label=_("How"),
        choices=ContactMode.choices,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    needs = forms.MultipleChoiceField(
        label=label_of(Contact, "needs"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )
    interventions = forms.MultipleChoiceField(
        label=label_of(Contact, "interventions"),
        choices=InterventionType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )

    class Meta(EditingForm.Meta):
        model = Contact
        fields = (
            "mode",
            "duration_minutes",
            "date",
            "travel_minutes",
            "distance_km",
            "needs",
            "interventions",
            "interpreter_used",
            "note",
        )
        # A sentence for the box to tick, where the model (and the exports) name the column.
        labels = {"interpreter_used": _("An interpreter was used")}
        help_texts = {
            "travel_minutes": _("On the road for this contact, there and back."),
            "distance_km": _("Kilometres driven, there and back."),
            "note": _(
                "Short and factual, what helps the follow-up. No details about other people."
            ),
        }
        widgets = {
            "duration_minutes": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "date": DateInput(),
            "travel_minutes": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "distance_km": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        # Left empty, the travel and the distance are 0 (the clean_ methods below).
        formfield_callback = field_options(
            duration_minutes={"min_value": 1, "max_value": MAX_MINUTES},
            travel_minutes={"max_value": MAX_MINUTES, "required": False},
            distance_km={"min_value": 0, "required": False},
            note={"max_length": 1000, "required": False},
        )

    #: Shown first; the others sit under "More details", optional.
    main_fields = ("mode", "duration_minutes", "date", "travel_minutes", "distance_km")

    def __init__(self, *args, show_note: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_note:
            del self.fields["note"]
            self.initial.pop("note", None)  # not even in memory for someone who may not see it
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


class PriorityForm(EditingForm):
    # "Need (optional)": the model's "need" would not say it may be left out.
    need = forms.ChoiceField(
        label=_("Need (optional)"),
        choices=[("", "—"), *Need.choices],
        required=False,
    )

    class Meta(EditingForm.Meta):
        model = Priority
        fields = ("title", "need", "defined_by_family")
        help_texts = {
            "defined_by_family": _(
                "Untick when the idea came from you rather than from the family."
            ),
        }
        error_messages = {"title": {"required": _("Write the priority in the family's words.")}}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "priority-%s")
        super().__init__(*args, **kwargs)


class StepForm(EditingForm):
    class Meta(EditingForm.Meta):
        model = Step
        fields = ("description", "due_on")
        # The form asks for the next step and says the date may be left out; the model, shown
        # elsewhere, names a step and its date.
        labels = {"description": _("Next small step"), "due_on": _("By (optional)")}
        widgets = {"due_on": DateInput()}
        error_messages = {"description": {"required": _("Describe the step.")}}

    def __init__(self, *args, priority, **kwargs):
        # Several of these forms share a page: one set of ids per priority.
        kwargs.setdefault("auto_id", f"step-{priority.uuid}-%s")
        super().__init__(*args, **kwargs)
        self.priority = priority


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(choices=StepStatus.choices)
