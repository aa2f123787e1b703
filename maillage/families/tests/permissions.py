"""Family URLs in the permission matrix (gathered by the core matrix test)."""

from maillage.families.services import record_consent
from maillage.testing.builders import make_family
from maillage.testing.matrix import Entry, org_object, org_page

MATRIX = {
    "families:list": Entry(org_page(pg=200, ptp=200)),
    "families:new": Entry(org_page(pg=200, ptp=200)),
    "families:handover": Entry(org_page(pg=200)),
    "families:detail": Entry(org_object(pg=200, ptp=200), kwargs="family"),
    "families:edit": Entry(org_object(pg=200, ptp=200), kwargs="family"),
    # The matrix organization does not record identity: nobody may open the page.
    "families:identity": Entry(org_object(pg=403, ptp=403), kwargs="family"),
    "families:status": Entry(org_object(pg=302, ptp=302), method="post", kwargs="family"),
    "families:workers": Entry(org_object(pg=200), kwargs="family"),
    "families:member_new": Entry(org_object(pg=200, ptp=200), kwargs="family"),
    "families:member_edit": Entry(org_object(pg=200, ptp=200), kwargs="household_member"),
    "families:member_remove": Entry(
        org_object(pg=302, ptp=302), method="post", kwargs="household_member"
    ),
    "families:consent_new": Entry(org_object(pg=200, ptp=200), kwargs="family"),
    "families:consent_withdraw": Entry(
        org_object(pg=302, ptp=302), method="post", kwargs="consent"
    ),
}


def _family(org, ptp):
    return make_family(org, ptp, members=[{"role": "parent", "birth_year": 1990}])


def _consent(org, ptp, pg):
    consent = record_consent(
        pg, _family(org, ptp), purpose="statistics", method="verbal", text_version="2026-01"
    )
    return {"uuid": consent.uuid}


TARGETS = {
    "family": lambda org, ptp, pg: {"uuid": _family(org, ptp).uuid},
    "household_member": lambda org, ptp, pg: {"uuid": _family(org, ptp).members.get().uuid},
    "consent": _consent,
}
