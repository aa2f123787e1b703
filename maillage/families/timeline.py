"""The family page's single timeline, and the household's age groups."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Moment:
    day: date
    kind: str  # contact, status, consent, step, origin — also a CSS hook
    text: str
    detail: str = ""


def build_timeline(family, status_changes, extra=()) -> list[Moment]:
    """Everything that happened with the family, newest first, from prefetched rows.

    ``extra``: the moments of the page's sections (contacts, steps done…), see ``page.py``.
    """
    moments = []
    if family.origin_activity_id:
        activity = family.origin_activity
        moments.append(
            Moment(
                activity.date,
                "origin",
                _("Reached through: %(strategy)s") % {"strategy": activity.strategy},
            )
        )
    elif family.origin_strategy_id:
        moments.append(
            Moment(
                family.created_at.date(),
                "origin",
                _("Reached through: %(strategy)s") % {"strategy": family.origin_strategy},
            )
        )
    for change in status_changes:
        text = _("Status: %(status)s") % {"status": change.get_to_status_display()}
        moments.append(Moment(change.changed_on, "status", text, change.get_reason_display()))
    for consent in family.consents.all():
        moments.append(
            Moment(
                consent.given_on,
                "consent",
                _("Consent given: %(purpose)s") % {"purpose": consent.get_purpose_display()},
            )
        )
        if consent.withdrawn_on:
            moments.append(
                Moment(
                    consent.withdrawn_on,
                    "consent",
                    _("Consent withdrawn: %(purpose)s")
                    % {"purpose": consent.get_purpose_display()},
                )
            )
    moments.extend(extra)
    return sorted(moments, key=lambda moment: moment.day, reverse=True)


AGE_GROUPS = (("0_5", 0, 5), ("6_12", 6, 12), ("13_17", 13, 17))


def age_groups(members, on=None) -> dict[str, int]:
    """Children counted by age group (0–5, 6–12, 13–17); expected births are not counted."""
    on = on or timezone.localdate()
    counts = {name: 0 for name, _low, _high in AGE_GROUPS}
    for member in members:
        age = None if member.expected else member.age_on(on)
        if age is None:
            continue
        for name, low, high in AGE_GROUPS:
            if low <= age <= high:
                counts[name] += 1
    return counts
