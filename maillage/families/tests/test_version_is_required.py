"""A form that changes the family row carries the version it was shown with; one sent without
it (a stale script, a hand-made request) is refused and saves nothing, since the two-tab check
could not be made."""

import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.families.models import Family, Status
from maillage.testing.builders import make_family

#: The page speaks French first (fr-CA).
MISSING = "Rien n’a été enregistré : le formulaire ne disait pas sur quelle version de la famille"

IDENTITY_CONSENTS = [
    {"purpose": "file", "method": "verbal", "text_version": "2026-01"},
    {"purpose": "identity", "method": "written", "text_version": "2026-01"},
]


def _changes(family):
    """What a refused save must leave as it was: the row, its version and its audit trail."""
    row = Family.objects.for_org(family.organization).get(pk=family.pk)
    events = AuditEvent.objects.for_org(family.organization).filter(object_uuid=family.uuid)
    events = events.exclude(action="family.viewed")  # the page shown after the refusal
    return (row.version, row.languages, row.status, row.nickname, events.count())


@pytest.mark.parametrize("with_version", [True, False])
def test_the_edit_form_without_its_version_is_refused(ptp_client, org, ptp, with_version):
    family = make_family(org, ptp)
    before = _changes(family)
    data = {"languages": "Espagnol"} | ({"version": family.version} if with_version else {})

    response = ptp_client.post(reverse("families:edit", args=[family.uuid]), data)

    if with_version:
        assert response.status_code == 302
        assert _changes(family) != before
        return
    assert response.status_code == 200
    assert MISSING in response.content.decode()
    assert _changes(family) == before


@pytest.mark.parametrize("with_version", [True, False])
def test_the_identity_form_without_its_version_is_refused(ptp_client, org, ptp, with_version):
    org.identity_enabled = True
    org.save(update_fields=["identity_enabled"])
    family = make_family(org, ptp, consents=IDENTITY_CONSENTS)
    before = _changes(family)
    data = {"nickname": "Émélie"} | ({"version": family.version} if with_version else {})

    response = ptp_client.post(reverse("families:identity", args=[family.uuid]), data)

    if with_version:
        assert response.status_code == 302
        assert _changes(family) != before
        return
    assert response.status_code == 200
    assert MISSING in response.content.decode()
    assert _changes(family) == before


@pytest.mark.parametrize("with_version", [True, False])
def test_the_status_form_without_its_version_is_refused(pg_client, org, ptp, with_version):
    family = make_family(org, ptp)
    before = _changes(family)
    data = {"status": Status.ACCOMPANIED} | ({"version": family.version} if with_version else {})

    response = pg_client.post(reverse("families:status", args=[family.uuid]), data, follow=True)

    if with_version:
        assert _changes(family) != before
        return
    assert MISSING in response.content.decode()
    assert _changes(family) == before


def test_the_pages_carry_the_version_they_were_shown_with(ptp_client, org, ptp):
    family = make_family(org, ptp)
    for name in ("families:edit", "families:detail"):
        page = ptp_client.get(reverse(name, args=[family.uuid])).content.decode()
        assert f'name="version" value="{family.version}"' in page, name
