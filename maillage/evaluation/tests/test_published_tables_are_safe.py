"""Every table the évaluateur can publish, over every breakdown offered, attacked at once.

Through the presentation layer (``present`` with the ``Published`` rules the views
build): generated organizations with their milieux and
regions, a question's table of counts with its headline numbers; the reader of
``maillage/lib/tests/adversary.py`` reads every number every breakdown shows and tries to
narrow a count of one or two organizations, or a count from 1 to 4. Then by hand, through
HTTP, the demo's case: one rural organization, whose breakdown shows no number.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.accounts.models import Role
from maillage.evaluation.presentation import PROVINCE, Published, present
from maillage.evaluation.questions.base import Indicator, QuestionResult, Table, Tally
from maillage.evaluation.questions.registry import QUESTIONS
from maillage.lib.disclosure import atoms, breakdowns
from maillage.lib.tests.adversary import Shown, leaks
from maillage.testing.builders import make_member, make_organization, make_region

from . import dataset
from .builders import dated_family, in_english

MILIEUX = ("rural", "urbain", "mixte")
REGIONS = ("14", "06")


@st.composite
def provinces(draw):
    size = draw(st.integers(min_value=3, max_value=8))
    organizations = list(range(1, size + 1))
    milieu = {
        org: draw(st.sampled_from(("rural", "urbain", "urbain", "mixte", "mixte")))
        for org in organizations
    }
    region = {org: draw(st.sampled_from(REGIONS)) for org in organizations}
    rows = draw(st.integers(min_value=1, max_value=2))
    columns = draw(st.integers(min_value=1, max_value=2))
    count = st.one_of(st.just(0), st.integers(min_value=0, max_value=6))
    counts = {
        (org, row, column): draw(count)
        for org in organizations
        for row in range(rows)
        for column in range(columns)
    }
    return organizations, milieu, region, rows, columns, counts


def _tally(counts, cells):
    by_organization = {}
    for (org, row, column), value in counts.items():
        if (row, column) in cells and value:
            by_organization[org] = by_organization.get(org, 0) + value
    return Tally(
        sum(by_organization.values()),
        frozenset(by_organization),
        tuple(sorted(by_organization.items())),
    )


def _number(text):
    return int(text) if text.isdigit() else None


def _groups(organizations, milieu, region):
    """The breakdowns as the views build them: the province, then each milieu and region
    ``breakdowns`` lets through; and every candidate, offered or not."""
    population = frozenset(organizations)
    candidates = [
        *((("milieu", m), frozenset(o for o in organizations if milieu[o] == m)) for m in MILIEUX),
        *((("region", r), frozenset(o for o in organizations if region[o] == r)) for r in REGIONS),
    ]
    offered = breakdowns(population, candidates)
    groups = {PROVINCE: population}
    groups.update((key, members) for key, members in candidates if key in offered)
    return groups, dict(candidates)


def _read(key, groups, candidates, table, headlines, rows, columns, every_cell):
    """The numbers breakdown ``key`` shows, as the reader's equations."""
    shown = []
    members = groups.get(key, candidates.get(key))
    result = QuestionResult(1, "Q", "", [headline for _cells, headline in headlines], [table])
    page = present(result, across=True, rules=Published(groups, key))
    [presented] = page["tables"]
    texts = [indicator.text for indicator in page["indicators"]]
    if key not in groups:  # a breakdown not offered shows no number at all
        values = [value for row in presented.rows for value in row.values]
        assert all(_number(value) is None for value in [*values, *presented.totals.values])
        assert "none of them is shown" in presented.note
        assert all(_number(text) is None for text in texts)
        return shown
    kept = {f"r{row}": row for row in range(rows)}
    rolled = set(range(rows)) - {kept[row.label] for row in presented.rows if row.label in kept}
    for row in presented.rows:
        source = {kept[row.label]} if row.label in kept else rolled
        for column, text in enumerate(row.values):
            cells = (
                {(r, c) for r in source for c in range(columns)}
                if column == columns
                else {(r, column) for r in source}
            )
            if (value := _number(text)) is not None:
                shown.append(Shown(members, frozenset(cells), value))
    for column, text in enumerate(presented.totals.values):
        cells = every_cell if column == columns else {(r, column) for r in range(rows)}
        if (value := _number(text)) is not None:
            shown.append(Shown(members, frozenset(cells), value))
    for (cells, _headline), text in zip(headlines, texts, strict=True):
        if (value := _number(text)) is not None:
            shown.append(Shown(members, frozenset(cells), value))
    return shown


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(provinces())
def test_no_breakdown_nor_their_differences_give_a_small_count_away(province):
    organizations, milieu, region, rows, columns, counts = province
    groups, candidates = _groups(organizations, milieu, region)
    table = Table(
        caption="Families",
        row_header="Need",
        row_labels=[f"r{row}" for row in range(rows)],
        column_labels=[f"c{column}" for column in range(columns)],
        cells=[
            [_tally(counts, {(row, column)}) for column in range(columns)] for row in range(rows)
        ],
    )
    every_cell = {(row, column) for row in range(rows) for column in range(columns)}
    # Headline figures repeat the table's totals, as the questions' do.
    headlines = [(every_cell, Indicator("Families", _tally(counts, every_cell)))]
    headlines += [
        (cells, Indicator(f"c{column}", _tally(counts, cells)))
        for column in range(columns)
        for cells in [{(row, column) for row in range(rows)}]
    ]
    shown = []
    with translation.override("en"):
        for key in {**candidates, PROVINCE: None}:
            shown += _read(key, groups, candidates, table, headlines, rows, columns, every_cell)
    entries = [frozenset({cell}) for cell in every_cell]
    entries += [frozenset((row, c) for c in range(columns)) for row in range(rows)]
    entries += [frozenset((r, column) for r in range(rows)) for column in range(columns)]
    entries.append(frozenset(every_cell))
    targets = [*groups.values(), *atoms(groups)]
    assert leaks(counts, organizations, targets, shown, list(dict.fromkeys(entries))) == []


# By hand, through HTTP -----------------------------------------------------------------


def _organizations_with_families(*places, families=6):
    """One organization per ``(milieu, region code)``, each with ``families`` families
    opened in the third quarter of 2025 with the statistics consent."""
    regions = {}
    for number, (milieu, code) in enumerate(places, start=1):
        region = regions.get(code) or make_region(code, f"Région {code}")
        regions[code] = region
        organization = make_organization(f"Maison {number}", region=region, milieu=milieu)
        worker = make_member(organization, Role.PTP).user
        for day in range(1, families + 1):
            dated_family(
                organization, worker, opened_on=date(2025, 7, day), statistics=date(2025, 7, day)
            )


def _numbers_on(response):
    """Every indicator and table value of a question page that is a number."""
    context = response.context
    values = [indicator.text for indicator in context["indicators"]]
    for table in context["tables"]:
        values += [value for row in table.rows for value in row.values]
        if table.totals:
            values += table.totals.values
    return [value for value in values if any(character.isdigit() for character in value)]


@pytest.mark.django_db
def test_the_demos_rural_breakdown_of_one_organization_shows_no_number(evaluator_client):
    # As in the demo: three organizations, one rural, one urbain, one mixte, each in a region.
    _organizations_with_families(("rural", "14"), ("urbain", "06"), ("mixte", "04"))
    client = in_english(evaluator_client)

    for number in QUESTIONS:
        url = reverse("evaluation:across_question", args=[number])
        for breakdown in ({"milieu": "rural"}, {"region": "14"}):
            response = client.get(url, dataset.QUERY | breakdown)
            assert response.status_code == 200
            assert _numbers_on(response) == [], (number, breakdown)
            assert "none of them is shown" in response.content.decode()
            assert "&lt; 5" not in response.content.decode()
    province = client.get(reverse("evaluation:across_question", args=[1]), dataset.QUERY)
    assert {item.label: item.text for item in province.context["indicators"]}[
        "Families reached"
    ] == "18"
    index = client.get(reverse("evaluation:across_index"), dataset.QUERY | {"milieu": "rural"})
    page = index.content.decode()
    assert "none of them is shown" in page
    assert "Rural (not published: too few organizations)" in page
    assert not [text for card in index.context["cards"] for item in card["indicators"]
                for text in [item.text] if any(c.isdigit() for c in text)]  # fmt: skip


@pytest.mark.django_db
def test_a_breakdown_of_three_whose_rest_is_one_organization_is_not_published(evaluator_client):
    """Three urbain organizations and one rural: urbain has three, but the province less
    urbain is the rural one alone, so urbain shows no number either."""
    _organizations_with_families(
        ("urbain", "06"), ("urbain", "06"), ("urbain", "06"), ("rural", "14")
    )
    client = in_english(evaluator_client)
    url = reverse("evaluation:across_question", args=[1])

    urbain = client.get(url, dataset.QUERY | {"milieu": "urbain"})
    province = client.get(url, dataset.QUERY)

    assert _numbers_on(urbain) == []
    assert {item.label: item.text for item in province.context["indicators"]}[
        "Families reached"
    ] == "24"
