"""The municipalities a record of an organization may name: one rule for the forms and the
history import (issue 18, finding 9), so a file cannot bring in what a form would refuse."""

from __future__ import annotations

from django.db.models import Q

from .models import Municipality


def served_municipalities(organization, *, keeping=None):
    """The municipalities ``organization`` serves, plus ``keeping`` (the pk a record already
    names): a municipality no longer served stays on the records made while it was."""
    allowed = Q(organizations=organization)
    if keeping is not None:
        allowed |= Q(pk=keeping)
    return Municipality.objects.filter(allowed).distinct()
