"""Releasing a research extract: produce it, log it, audit it, hand the file over."""

import hashlib
import logging
from datetime import date

from django.db import transaction

from maillage.audit.services import record_event
from maillage.lib.disclosure import RULES_VERSION

from .extract import archive, build_extract
from .models import ExtractRelease

logger = logging.getLogger(__name__)


@transaction.atomic
def release_extract(actor, period_start: date, period_end: date) -> tuple[ExtractRelease, bytes]:
    """Build the extract of the period, record the release and return it with the ZIP.

    The ZIP is not stored: the release keeps its SHA-256, so a file said to come from
    Maillage can be checked against the log.
    """
    if period_end < period_start:
        raise ValueError("The period ends before it starts.")
    extract = build_extract(period_start, period_end)
    content = archive(extract)
    release = ExtractRelease.objects.create(
        released_by=actor,
        rules_version=RULES_VERSION,
        period_start=period_start,
        period_end=period_end,
        row_count=extract.row_count,
        suppressed_count=extract.suppressed_count,
        levels=extract.anonymized.levels,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    record_event(
        actor,
        "research.extract.released",
        target=release,
        changed_fields=["period_start", "period_end", "rules_version"],
    )
    # Counts and versions only: nothing about a family goes to the logs.
    logger.info(
        "Research extract %s released under rules %s: %s families, %s suppressed.",
        release.uuid,
        RULES_VERSION,
        release.row_count,
        release.suppressed_count,
    )
    return release, content
