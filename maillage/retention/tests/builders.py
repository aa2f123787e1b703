"""Builders for retention tests: a family with everything the schedule removes or keeps."""

from __future__ import annotations

import datetime

from maillage.families.models import Family, Status
from maillage.families.services import record_consent, set_identity
from maillage.referrals.services import change_status as change_referral_status
from maillage.testing.builders import make_family
from maillage.testing.builders.accompaniment import make_contact, make_priority, make_step
from maillage.testing.builders.referrals import make_referral
from maillage.testing.builders.rights import make_disclosure, make_request

IDENTITY_CONSENT = {"purpose": "identity", "method": "verbal", "text_version": "2026-01"}


def make_full_family(org, worker, *, closed_on: datetime.date | None, **values):
    """A family with an identity, notes, a plan, a referral with a note, a disclosure without
    consent, a refused access request, a member born in a known month, then closed on
    ``closed_on`` (left open when ``None``)."""
    defaults = {
        "strengths_note": "Très débrouillarde avec les voisins",
        "languages": "Tigrigna",
        "context_factors": ["financial"],
    }
    family = make_family(
        org,
        worker,
        members=[{"role": "child", "birth_year": 2023, "birth_month": 4}],
        **(defaults | values),
    )
    if not org.identity_enabled:
        org.identity_enabled = True
        org.save(update_fields=["identity_enabled"])
    record_consent(worker, family, **IDENTITY_CONSENT)
    set_identity(
        worker,
        family,
        nickname="Amina",
        phone="450 555-0199",
        address="12, rang du Lac",
        expected_version=family.version,
    )
    make_contact(family, worker, date=datetime.date(2025, 3, 10), note="Parle de son ex-conjoint")
    make_contact(family, worker, date=datetime.date(2025, 4, 2), note="")
    priority = make_priority(family, title="Quitter le logement de Gilles")
    make_step(priority, description="Appeler la maison d'hébergement")
    referral = make_referral(family, worker)
    change_referral_status(worker, referral, "accepted", note="Accueillie par Julie")
    make_disclosure(family, worker, content="Signalement : enfant laissé seul deux nuits")
    make_request(family, worker, status="refused", refusal_reason="Le dossier nomme le voisin")
    assignment = family.assignments.get()
    assignment.handover_note = "Ne jamais appeler le soir"
    assignment.save(update_fields=["handover_note"])
    if closed_on is not None:
        Family.objects.for_org(org).filter(pk=family.pk).update(
            status=Status.CLOSED, status_changed_on=closed_on, closure_reason="goals_reached"
        )
    family.refresh_from_db()
    return family
