"""A contact keeps its needs and types of intervention as bits too (for the evaluation's
counts), equal to its lists whenever it is recorded or corrected."""

from django.urls import reverse
from django.utils import timezone

from maillage.accompaniment.models import Contact
from maillage.accompaniment.services import record_contact, update_contact
from maillage.core.taxonomy import INTERVENTION_BITS, NEED_BITS, bits_of


def _values(**extra):
    return {"mode": "phone", "duration_minutes": 10} | extra


def stored(contact):
    """The row as the database holds it: its lists and their copies as bits."""
    row = Contact.objects.across_organizations("test").values(
        "needs", "interventions", "needs_bits", "interventions_bits"
    )
    return row.get(pk=contact.pk)


def assert_bits_match_lists(contact):
    row = stored(contact)
    assert row["needs_bits"] == bits_of(row["needs"], NEED_BITS)
    assert row["interventions_bits"] == bits_of(row["interventions"], INTERVENTION_BITS)
    return row


def test_a_recorded_contact_keeps_its_lists_as_bits(ptp, family):
    contact = record_contact(
        ptp, family, _values(needs=["food", "housing"], interventions=["referral"])
    )

    row = assert_bits_match_lists(contact)
    assert row["needs_bits"] == 0b11
    assert row["interventions_bits"] == 1 << INTERVENTION_BITS["referral"]


def test_a_contact_without_needs_has_no_bits(ptp, family):
    contact = record_contact(ptp, family, _values())

    row = assert_bits_match_lists(contact)
    assert (row["needs_bits"], row["interventions_bits"]) == (0, 0)


def test_a_correction_of_the_lists_saves_their_bits(ptp, family):
    contact = record_contact(ptp, family, _values(needs=["food"], interventions=["listening"]))

    # update_contact saves only the fields that changed: the bits must come along.
    update_contact(ptp, contact, _values(needs=["childcare", "safety"]))
    row = assert_bits_match_lists(contact)
    assert row["needs_bits"] == bits_of(["childcare", "safety"], NEED_BITS)
    assert row["interventions_bits"] == 1 << INTERVENTION_BITS["listening"]

    update_contact(ptp, contact, _values(interventions=["mediation", "translation"]))
    row = assert_bits_match_lists(contact)
    assert row["interventions_bits"] == bits_of(["mediation", "translation"], INTERVENTION_BITS)

    update_contact(ptp, contact, _values(needs=[], interventions=[]))
    assert assert_bits_match_lists(contact)["needs_bits"] == 0


def test_a_correction_of_other_fields_leaves_the_bits_alone(ptp, family):
    contact = record_contact(ptp, family, _values(needs=["food"], interventions=["listening"]))

    update_contact(ptp, contact, _values(duration_minutes=25))

    row = assert_bits_match_lists(contact)
    assert row["needs_bits"] == 1 << NEED_BITS["food"]


def test_the_contact_form_keeps_the_bits(ptp_client, family):
    form = {"date": timezone.localdate().isoformat(), "mode": "phone", "duration_minutes": "10"}
    new_url = reverse("accompaniment:contact_new", args=[family.uuid])
    response = ptp_client.post(
        new_url,
        form | {"needs": ["housing", "transport"], "interventions": ["listening", "procedures"]},
    )
    assert response.status_code == 302
    contact = Contact.objects.across_organizations("test").get(family=family)
    assert assert_bits_match_lists(contact)["needs_bits"] == bits_of(
        ["housing", "transport"], NEED_BITS
    )

    edit_url = reverse("accompaniment:contact_edit", args=[contact.uuid])
    response = ptp_client.post(
        edit_url, form | {"needs": ["employment"], "interventions": ["listening"]}
    )
    assert response.status_code == 302
    row = assert_bits_match_lists(contact)
    assert row["needs"] == ["employment"]
    assert row["needs_bits"] == 1 << NEED_BITS["employment"]


def test_a_save_that_names_the_lists_saves_their_bits(ptp, family):
    contact = record_contact(ptp, family, _values(needs=["food"]))

    contact.needs = ["other"]
    contact.save(update_fields=("needs",))  # any iterable, as Django allows

    assert assert_bits_match_lists(contact)["needs_bits"] == 1 << NEED_BITS["other"]


def test_a_contact_loaded_without_its_lists_keeps_its_bits(ptp, family):
    contact = record_contact(ptp, family, _values(needs=["food"], interventions=["referral"]))

    partial = (
        Contact.objects.across_organizations("test")
        .only("id", "duration_minutes")
        .get(pk=contact.pk)
    )
    partial.duration_minutes = 30
    partial.save()

    row = assert_bits_match_lists(contact)
    assert row["needs_bits"] == 1 << NEED_BITS["food"]
