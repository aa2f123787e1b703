"""EditingForm: a ModelForm that takes the model's labels and limits and never saves (the
services are the only writers). That it validates a copy of the row it edits is tested with
the forms of the apps (``maillage/accompaniment/tests/test_forms_edit_a_copy.py``)."""

import pytest
from django.db import models
from django.test.utils import isolate_apps

from maillage.core.forms import EditingForm, field_options


@pytest.fixture
def visit_form():
    with isolate_apps("maillage.core"):

        class Visit(models.Model):  # noqa: DJ008 - never shown
            place = models.CharField("place visited", max_length=12)
            minutes = models.PositiveIntegerField("minutes", default=0)

        class VisitForm(EditingForm):
            class Meta(EditingForm.Meta):
                model = Visit
                fields = ("place", "minutes")
                formfield_callback = field_options(minutes={"max_value": 90, "required": False})

        yield Visit, VisitForm


def test_it_refuses_to_save(visit_form):
    _, VisitForm = visit_form
    form = VisitForm({"place": "École", "minutes": "45"})
    assert form.is_valid()

    with pytest.raises(TypeError, match="pass its cleaned_data to the service"):
        form.save()


def test_labels_and_limits_come_from_the_model_and_the_options(visit_form):
    _, VisitForm = visit_form
    form = VisitForm()

    assert str(form["place"].label) == "Place visited"
    assert form.fields["place"].max_length == 12
    assert (form.fields["minutes"].min_value, form.fields["minutes"].max_value) == (0, 90)
    assert not form.fields["minutes"].required
    assert 'max="90"' in str(form["minutes"])
    # A callable or plain default is the initial value, with no hidden copy of it.
    assert "initial-minutes" not in str(form["minutes"])
    errors = VisitForm({"place": "x" * 13, "minutes": "91"}).errors
    assert set(errors) == {"place", "minutes"}
