"""Fixtures shared by the evaluation's tests (helpers to build and read: ``builders.py``).

Questions 5 to 8 are checked on one hand-built dataset, ``dataset_referrals.py``: ``today``
builds it around today's date, ``period`` gives the period its numbers were worked out for.
"""

import pytest
from django.utils import timezone, translation

from . import dataset_referrals


@pytest.fixture
def english():
    """Labels compared in English, the source language of the catalog."""
    with translation.override("en"):
        yield


@pytest.fixture
def today(org, ptp, pg, other_org, outsider):
    """Today's date, with the referrals dataset built around it in ``org`` and ``other_org``."""
    day = timezone.localdate()
    dataset_referrals.build(org, ptp, pg, other_org, outsider, today=day)
    return day


@pytest.fixture
def period(today):
    """The period the referrals dataset's numbers were worked out for."""
    return dataset_referrals.period(today)
