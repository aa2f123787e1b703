"""The dataset generator names the columns it draws; every other column of the model is filled
from the field (its default, NULL, an empty text), so a column added to a model needs no edit
in the generator, and one it cannot fill is named in the error."""

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps

from maillage.demo.dataset_generator import MissingColumn, Report, TableWriter, fillers
from maillage.outreach.models import Strategy


def _writer():
    return TableWriter(connection, Report(), say=lambda line: None)


@isolate_apps("maillage.demo")
def test_a_column_added_with_a_default_is_filled_without_an_edit():
    class Visit(models.Model):  # noqa: DJ008 - never shown
        name = models.CharField(max_length=20)
        # Added since the generator was written:
        minutes = models.PositiveIntegerField(default=30)
        codes = models.JSONField(default=list)
        remark = models.CharField(max_length=20, blank=True)
        seen_on = models.DateField(null=True)
        updated_at = models.DateTimeField(auto_now=True)

    filled = fillers(Visit, ["id", "name"])

    assert list(filled) == ["minutes", "codes", "remark", "seen_on", "updated_at"]
    values = {name: make() for name, make in filled.items()}
    assert values["minutes"] == 30 and values["codes"] == []
    assert (values["remark"], values["seen_on"]) == ("", None)
    assert values["updated_at"] is not None
    assert filled["codes"]() is not filled["codes"]()  # a callable default, called per row


@isolate_apps("maillage.demo")
def test_a_not_null_column_without_a_default_is_named():
    class Visit(models.Model):  # noqa: DJ008 - never shown
        name = models.CharField(max_length=20)
        people_met = models.PositiveIntegerField()

    with pytest.raises(MissingColumn, match=r"demo\.Visit\.people_met .*NOT NULL"):
        fillers(Visit, ["id", "name"])
    assert fillers(Visit, ["id", "name", "people_met"]) == {}


@pytest.mark.django_db
def test_the_writer_fills_what_the_rows_leave_out(org):
    writer = _writer()
    first = writer.next_id(Strategy)

    writer.write(
        "strategies",
        Strategy,
        ["id", "organization_id", "custom_name"],
        [(first, org.pk, "Marché public"), (first + 1, org.pk, "Bibliothèque")],
    )

    rows = Strategy.objects.for_org(org).filter(pk__gte=first).order_by("pk")
    assert list(rows.values_list("custom_name", "default", "is_active", "position")) == [
        ("Marché public", "", True, 100),
        ("Bibliothèque", "", True, 100),
    ]
    assert len(set(rows.values_list("uuid", flat=True))) == 2


def test_the_writer_names_a_column_the_model_no_longer_has():
    with pytest.raises(MissingColumn, match=r"outreach\.Strategy has no column colour"):
        _writer().write("strategies", Strategy, ["id", "colour"], [])
