import copy

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class DateRangeMixin:
    """Filter forms with ``start`` and ``end`` dates: the end may not come before the start."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date comes before the start date."))
        return cleaned


def date_input_field(label):
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def field_options(**options):
    """A ``Meta.formfield_callback`` for an ``EditingForm``: each model field's own form field
    (its label, help text, ``max_length``, digits, choices, required or not), with Django's
    keyword arguments of ``options[name]`` where the form needs more than the model says (a
    sanity bound, a field the service fills when left empty). A callable default is the
    initial value, without the hidden copy of it Django adds for ``has_changed()``."""

    def formfield(model_field, **kwargs):
        return model_field.formfield(
            **{"show_hidden_initial": False, **kwargs, **options.get(model_field.name, {})}
        )

    return formfield


def label_of(model, name: str):
    """A model field's verbose name as a form label, for a field the form declares itself (a
    JSON list shown as choices): the label keeps the model's one msgid."""
    return capfirst(model._meta.get_field(name).verbose_name)


class EditingForm(forms.ModelForm):
    """A form over a model's fields that never writes: the services do, from its
    ``cleaned_data``, comparing with the row as saved and writing the audit event.

    It validates a copy of ``instance``: ModelForm sets the cleaned values on its instance
    while validating, and the caller's object must keep the saved values for the service to
    compare with. ``save()`` raises. Subclasses derive their ``Meta`` from ``EditingForm.Meta``
    (for ``field_options``)."""

    class Meta:
        formfield_callback = field_options()

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(
            *args, instance=None if instance is None else copy.copy(instance), **kwargs
        )
        # A related row named in the page by another field than its id (a UUID, a code) is
        # shown as chosen only from the row itself: ModelForm's initial value is the id.
        for name, field in self.fields.items():
            single = not isinstance(field, forms.ModelMultipleChoiceField)
            if single and getattr(field, "to_field_name", None) and self.initial.get(name):
                self.initial[name] = getattr(self.instance, name)

    def save(self, commit=True):
        raise TypeError(
            f"{type(self).__name__} does not save: pass its cleaned_data to the service."
        )
