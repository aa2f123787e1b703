"""The inventory of personal information describes every field of every model."""

from django.urls import reverse
from django.utils.functional import Promise

from maillage.privacy import inventory
from maillage.privacy.inventory import INVENTORY, Item, Sensitivity, Source

from .conftest import in_english


def test_every_field_of_every_model_is_inventoried_or_declared_not_personal():
    missing = inventory.undescribed_fields()
    assert missing == [], (
        "Describe these fields in maillage/privacy/inventory.py (INVENTORY if personal, "
        f"NOT_PERSONAL with the reason otherwise): {', '.join(missing)}"
    )


def test_the_inventory_names_only_fields_that_exist_once():
    assert inventory.stale_entries() == []


def test_a_personal_field_left_out_of_the_inventory_is_named(monkeypatch):
    before = set(inventory.undescribed_fields())
    without_note = [i for i in INVENTORY if (i.model, i.field) != ("accompaniment.Contact", "note")]
    monkeypatch.setattr(inventory, "INVENTORY", without_note)
    assert set(inventory.undescribed_fields()) - before == {"accompaniment.Contact.note"}


def test_every_entry_has_a_purpose_a_sensitivity_and_a_source():
    for item in INVENTORY:
        assert str(item.purpose).strip(), item
        assert item.sensitivity in Sensitivity.values, item
        assert item.source in Source.values, item


def test_every_entry_is_named_in_the_interface_language():
    """A verbose name Django derives from the attribute is never translated: the French page
    would show English. Such fields get a title in the inventory."""
    untranslated = [f"{i.model}.{i.field}" for i in INVENTORY if not isinstance(i.label, Promise)]
    assert untranslated == []


def test_the_most_sensitive_information_is_marked_high():
    high = {(i.model, i.field) for i in INVENTORY if i.sensitivity == Sensitivity.HIGH}
    for field in ("nickname", "phone", "address", "context_factors", "immigration_context"):
        assert ("families.Family", field) in high
    assert ("accompaniment.Contact", "note") in high
    assert ("families.Assignment", "handover_note") in high


def test_the_privacy_page_shows_each_entry_with_its_purpose(ptp_client):
    page = in_english(ptp_client).get(reverse("privacy:page")).content.decode()
    entry = Item("families.Member", "birth_year", "", "medium", "person")
    assert str(entry.label).capitalize() in page
    assert "Know who lives in the household and the children&#x27;s ages." in page
    assert "Collected from the person" in page
    assert "Produced by the worker" in page
