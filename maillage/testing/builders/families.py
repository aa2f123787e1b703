"""Families, created as workers create them."""

from __future__ import annotations

import itertools

FILE_CONSENT = {"purpose": "file", "method": "verbal", "text_version": "2026-01"}


def make_family(organization, worker, *, members=(), consents=None, **values):
    """A family created the way workers create them (with the file consent)."""
    from maillage.families.services import create_family

    return create_family(
        worker,
        organization,
        values=dict(values),
        members=[dict(member) for member in members],
        consents=list(consents) if consents is not None else [dict(FILE_CONSENT)],
    )


def draw_family_codes(monkeypatch, codes):
    """The next family codes drawn at random are ``codes``, in turn (an iterable of codes
    such as ``F-ABCD-EF``), so that a test can make a drawn code collide with a taken one.
    Every draw counts, the default of an unsaved ``Family()`` (a form's instance) too."""
    from types import SimpleNamespace

    from maillage.families import models

    characters = itertools.chain.from_iterable(code[2:6] + code[7:] for code in codes)
    monkeypatch.setattr(
        models, "secrets", SimpleNamespace(choice=lambda _alphabet: next(characters))
    )
