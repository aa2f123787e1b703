"""Builders for the team-view tests: a team's work on given days, through the services."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from maillage.accounts.models import Role
from maillage.families.models import Family
from maillage.families.services import assign_workers
from maillage.outreach.models import Strategy
from maillage.outreach.services import record_outreach
from maillage.testing.builders import make_family, make_member
from maillage.testing.builders.accompaniment import make_contact
from maillage.testing.builders.collaboration import make_collaboration, make_request

__all__ = [
    "make_collaboration",
    "make_contact",
    "make_family_created",
    "make_outreach",
    "make_request",
    "make_worker",
]

_names = itertools.count(1)


def make_worker(org, name=None, role=Role.PTP):
    """Another member of ``org``'s team (a PTP unless told)."""
    number = next(_names)
    return make_member(
        org, role, email=f"worker{number}@example.org", name=name or f"Worker {number:03d}"
    ).user


def make_family_created(org, worker, day: datetime.date, *, status=None, also=()):
    """A family created by ``worker`` on ``day`` (noon, local time), with ``also`` assigned."""
    family = make_family(org, worker)
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    changes = {"created_at": noon} | ({"status": status} if status else {})
    Family.objects.for_org(org).filter(pk=family.pk).update(**changes)
    if also:
        assign_workers(worker, family, [worker, *also])
    family.refresh_from_db()
    return family


def make_outreach(org, worker, day: datetime.date, minutes):
    return record_outreach(
        worker,
        org,
        {
            "date": day,
            "strategy": Strategy.objects.for_org(org).first(),
            "place_type": "public",
            "duration_minutes": minutes,
            "people_met": 3,
        },
    )
