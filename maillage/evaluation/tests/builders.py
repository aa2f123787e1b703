"""Builders for evaluation tests: a target clientele, and families placed in time.

``make_family`` (shared) creates a family as workers do, dated today; the evaluation
needs families opened, contacted and accompanied on chosen days, so ``dated_family``
moves the creation's status change to the day asked and adds the later ones.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from maillage.accompaniment.models import Contact
from maillage.evaluation.services import create_target
from maillage.families.models import Consent, Family, Status, StatusChange
from maillage.testing.builders import make_family

STATISTICS = {"purpose": "statistics", "method": "verbal", "text_version": "2026-01"}


def make_target(org, pg, *, municipalities=(), **values):
    """A target clientele of ``org`` (children 0 to 5, in force from 2020 by default)."""
    defaults = {
        "name": "Familles isolées, enfants de 0 à 5 ans",
        "community": None,
        "valid_from": date(2020, 1, 1),
        "valid_to": None,
        "child_age_min": 0,
        "child_age_max": 5,
        "expected_birth_counts": True,
        "isolation": [],
        "milieux": [],
        "immigration_contexts": [],
        "interpreter_needed": False,
        "estimated_population": None,
        "population_source": "",
        "population_estimated_on": None,
    }
    return create_target(pg, org, defaults | values, municipalities)


def dated_family(org, worker, *, opened_on: date, statuses=(), contacts=(), statistics=None,
                 **values):  # fmt: skip
    """A family opened on ``opened_on``; ``statuses``: ``(day, status)`` in order;
    ``contacts``: days of contacts; ``statistics``: the day of the statistics consent
    (None: no statistics consent) or a dict of the consent's fields."""
    family = make_family(org, worker, **values)
    StatusChange.objects.across_organizations("test").filter(family=family).update(
        changed_on=opened_on
    )
    previous = family.status
    for day, status in statuses:
        StatusChange.objects.create(
            family=family, from_status=previous, to_status=status, changed_on=day, changed_by=worker
        )
        previous = status
    # The family's milestone dates follow its history, as the services keep them.
    accompanied = [day for day, status in statuses if status == Status.ACCOMPANIED]
    if family.status == Status.ACCOMPANIED:
        accompanied.insert(0, opened_on)
    milestones = {"opened_on": opened_on, "accompanied_on": min(accompanied, default=None)}
    if statuses:
        milestones |= {"status": previous, "status_changed_on": statuses[-1][0]}
    Family.objects.for_org(org).filter(pk=family.pk).update(**milestones)
    family.refresh_from_db()
    for day in contacts:
        Contact.objects.create(
            family=family, worker=worker, date=day, mode="home_visit", duration_minutes=60
        )
    if statistics is not None:
        fields = statistics if isinstance(statistics, dict) else {"given_on": statistics}
        Consent.objects.create(family=family, recorded_by=worker, **(STATISTICS | fields))
    return family


def in_english(client):
    """Messages are asserted in English, the source language of the catalog."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def read_answer(response):
    """A question page's answer as the reader sees it: ``(indicators, tables)`` where
    indicators map label to text and each table maps a row label to its values (the
    totals row under "Total"), read from the page's context."""
    assert response.status_code == 200
    indicators = {item.label: item.text for item in response.context["indicators"]}
    tables = []
    for table in response.context["tables"]:
        rows = {row.label: row.values for row in table.rows}
        if table.totals:
            rows["Total"] = table.totals.values
        tables.append(rows)
    return indicators, tables


# Reading a computed answer's tables (``compute(scope).tables``).


def column(table, index=0):
    """{row label: count} of a count column, rows of 0 left out."""
    return {
        label: row[index].count
        for label, row in zip(table.row_labels, table.cells, strict=True)
        if row[index].count
    }


def contributors(table, label, index=0):
    """The organizations behind one cell."""
    return table.cells[table.row_labels.index(label)][index].organizations


def counts(row):
    return [tally.count for tally in row]


def counted_rows(table):
    """{row label: counts} of the rows that count something."""
    return {
        label: counts(row)
        for label, row in zip(table.row_labels, table.cells, strict=True)
        if any(counts(row))
    }
