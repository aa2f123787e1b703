"""Builders for research tests: families counted in statistics (or not), with contacts."""

from __future__ import annotations

from maillage.testing.builders import FILE_CONSENT, make_family
from maillage.testing.builders.accompaniment import make_contact

STATISTICS_CONSENT = {"purpose": "statistics", "method": "verbal", "text_version": "2026-01"}

__all__ = ["STATISTICS_CONSENT", "make_counted_family"]


def make_counted_family(org, worker, *, contacts=0, statistics=True, withdrawn_on=None, **values):
    """A family of ``org`` with ``contacts`` contacts today; with the statistics consent
    unless ``statistics`` is false (or withdrawn on ``withdrawn_on``)."""
    consents = [dict(FILE_CONSENT)]
    if statistics:
        consents.append(STATISTICS_CONSENT | {"withdrawn_on": withdrawn_on})
    values.setdefault(
        "members", [{"role": "parent", "birth_year": 1990}, {"role": "child", "birth_year": 2023}]
    )
    family = make_family(org, worker, consents=consents, **values)
    for _index in range(contacts):
        make_contact(family, worker)
    return family
