"""A family's code is drawn at random: a code the organization already uses is drawn again,
and the worker is told when no free code was found, with nothing half saved."""

import itertools

from django.urls import reverse

from maillage.families.models import Family
from maillage.testing.builders import draw_family_codes, make_family

from .test_families import NEW


def test_a_code_already_taken_in_the_organization_is_drawn_again(org, ptp, monkeypatch):
    taken = make_family(org, ptp)
    draw_family_codes(monkeypatch, [taken.code, "F-BBBB-BB"])
    other_milieu = "rural" if org.milieu != "rural" else "urbain"

    family = make_family(org, ptp, milieu=other_milieu)

    assert family.code == "F-BBBB-BB"
    assert Family.objects.for_org(org).count() == 2
    # What the worker chose holds on the second draw too.
    family.refresh_from_db()
    assert family.milieu == other_milieu


def test_another_organization_may_use_the_same_code(org, other_org, ptp, outsider, monkeypatch):
    draw_family_codes(monkeypatch, ["F-CCCC-CC", "F-CCCC-CC"])
    ours, theirs = make_family(org, ptp), make_family(other_org, outsider)
    assert ours.code == theirs.code == "F-CCCC-CC"


def test_when_no_free_code_is_found_the_worker_is_told_and_nothing_is_kept(
    ptp_client, org, ptp, monkeypatch
):
    taken = make_family(org, ptp)
    draw_family_codes(monkeypatch, itertools.repeat(taken.code))

    response = ptp_client.post(reverse("families:new"), NEW)

    assert response.status_code == 200
    assert response.context["consents"].non_field_errors() == [
        "Aucun code de famille libre n’a été trouvé; réessayez."
    ]
    assert list(Family.objects.for_org(org)) == [taken]
