"""The accompaniment of a family: contacts, and the plan's priorities and steps."""

from __future__ import annotations

from django.utils import timezone

from maillage.accompaniment.models import Contact, ContactMode, Priority, Step


def make_priority(family, title="Trouver un logement plus grand", **extra) -> Priority:
    return Priority.objects.create(family=family, title=title, **extra)


def make_step(priority, description="Appeler l'office d'habitation", **extra) -> Step:
    return Step.objects.create(priority=priority, description=description, **extra)


def make_contact(family, worker, **extra) -> Contact:
    values = {
        "date": timezone.localdate(),
        "mode": ContactMode.HOME_VISIT,
        "duration_minutes": 45,
    } | extra
    return Contact.objects.create(family=family, worker=worker, **values)
