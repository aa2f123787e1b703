"""Builders for accompaniment tests: a plan, a contact (the family: the shared builder)."""

from __future__ import annotations

from django.utils import timezone

from maillage.accompaniment.models import Contact, ContactMode, Priority, Step
from maillage.testing.builders import make_family

__all__ = ["make_contact", "make_family", "make_priority", "make_step"]


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
