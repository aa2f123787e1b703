"""Builders for privacy tests: an entry of the register of confidentiality incidents."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from maillage.privacy.models import ConfidentialityIncident
from maillage.testing.builders import make_privacy_officer

__all__ = ["incident_form_data", "make_incident", "make_privacy_officer"]


def make_incident(org, recorded_by, *, discovered_on=None, **values):
    discovered_on = discovered_on or timezone.localdate() - timedelta(days=3)
    defaults = {
        "information_involved": "Codes de familles et besoins notés",
        "circumstances": "Un téléphone de travail oublié dans un autobus.",
        "occurred_from": discovered_on - timedelta(days=1),
        "discovered_on": discovered_on,
        "people_concerned": 12,
        "risk_sensitivity": "Moyenne : pas d'identité, mais des besoins.",
        "risk_misuse": "Peu probable : téléphone verrouillé.",
        "risk_consequences": "Gêne pour les familles si le contenu était lu.",
        "risk_likelihood": "Faible.",
        "measures": "Session fermée à distance, mot de passe changé.",
    }
    return ConfidentialityIncident.objects.create(
        organization=org, recorded_by=recorded_by, **(defaults | values)
    )


def incident_form_data(**overrides) -> dict:
    """What a manager types in the incident form, as posted."""
    today = timezone.localdate()
    data = {
        "information_involved": "Liste des codes de familles suivies et leurs besoins",
        "information_unknown_reason": "",
        "circumstances": "Une liste imprimée laissée dans une salle partagée.",
        "occurred_from": (today - timedelta(days=10)).isoformat(),
        "occurred_to": "",
        "discovered_on": (today - timedelta(days=8)).isoformat(),
        "people_concerned": "7",
        "risk_sensitivity": "Les besoins indiquent des difficultés financières.",
        "risk_misuse": "Stigmatisation possible.",
        "risk_consequences": "Perte de confiance envers l'organisme.",
        "risk_likelihood": "Faible : salle fermée à clé le soir.",
        "commission_notified_on": "",
        "people_notified_on": "",
        "notices_note": "",
        "measures": "Liste récupérée et détruite ; plus d'impression de listes.",
    }
    return data | overrides
