from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ConfidentialityIncident, PrivacyOfficer
from .services import INCIDENT_FIELDS, OFFICER_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FUTURE = _("This date cannot be in the future.")


def _text(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class PrivacyOfficerForm(forms.ModelForm):
    class Meta:
        model = PrivacyOfficer
        fields = OFFICER_FIELDS
        widgets = {"since": DATE, "delegated_on": DATE}

    def clean(self):
        cleaned = super().clean()
        since, delegated = cleaned.get("since"), cleaned.get("delegated_on")
        if delegated and delegated > timezone.localdate():
            self.add_error("delegated_on", FUTURE)
        elif delegated and since and delegated > since:
            self.add_error(
                "delegated_on",
                _("The delegation comes first: it cannot be later than the date in charge."),
            )
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in OFFICER_FIELDS}


class IncidentForm(forms.ModelForm):
    """One entry of the register: what the regulation asks for, with the checks that keep
    an entry complete (the information or why it cannot be described; notices or why not)."""

    class Meta:
        model = ConfidentialityIncident
        fields = INCIDENT_FIELDS
        widgets = {
            "occurred_from": DATE,
            "occurred_to": DATE,
            "discovered_on": DATE,
            "commission_notified_on": DATE,
            "people_notified_on": DATE,
            "information_involved": _text(),
            "information_unknown_reason": _text(2),
            "circumstances": _text(4),
            "risk_sensitivity": _text(2),
            "risk_misuse": _text(2),
            "risk_consequences": _text(2),
            "risk_likelihood": _text(2),
            "notices_note": _text(2),
            "measures": _text(4),
        }
        help_texts = {
            "circumstances": _("What happened, how, and what caused it if known. Name nobody."),
            "people_concerned": _("Give an estimate when the exact number is not known."),
        }

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in (
            "occurred_from",
            "occurred_to",
            "discovered_on",
            "commission_notified_on",
            "people_notified_on",
        ):
            if cleaned.get(name) and cleaned[name] > today:
                self.add_error(name, FUTURE)
        start, end = cleaned.get("occurred_from"), cleaned.get("occurred_to")
        if start and end and end < start:
            self.add_error("occurred_to", _("The period cannot end before it starts."))
        discovered = cleaned.get("discovered_on")
        if start and discovered and discovered < start:
            self.add_error(
                "discovered_on", _("The incident cannot be learned of before it started.")
            )
        if (
            not cleaned.get("information_involved", "").strip()
            and not cleaned.get("information_unknown_reason", "").strip()
        ):
            self.add_error(
                "information_involved",
                _("Describe the information involved, or say why it cannot be described."),
            )
        if cleaned.get("serious_injury_risk") and not cleaned.get("notices_note", "").strip():
            missing = [
                name
                for name in ("commission_notified_on", "people_notified_on")
                if not cleaned.get(name) and name not in self.errors
            ]
            for name in missing:
                self.add_error(
                    name,
                    _(
                        "With a risk of serious injury, notices are required: give the date, "
                        "or say below why it was not sent."
                    ),
                )
        if cleaned.get("public_notice") and not cleaned.get("notices_note", "").strip():
            self.add_error("notices_note", _("Say why a public notice was given."))
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in INCIDENT_FIELDS}
