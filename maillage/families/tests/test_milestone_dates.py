"""The family's milestones, ``opened_on`` and ``accompanied_on``, follow its status history
however the history is written: by hand, or by an import of the past."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.db.models import Min

from maillage.families import services
from maillage.families.models import Family, Status
from maillage.families.services import change_status, current_version
from maillage.imports.services import Upload, import_history
from maillage.testing.builders import make_family
from maillage.testing.builders.imports import FAMILY_HEADERS, csv_bytes


@pytest.fixture
def on_day(monkeypatch):
    """Make the family services act on a given day."""

    def set_day(day: date):
        monkeypatch.setattr(services, "timezone", SimpleNamespace(localdate=lambda: day))

    return set_day


def move(actor, family, to_status, **extra):
    return change_status(
        actor, family, to_status, expected_version=current_version(family), **extra
    )


def first_change_to(family, status):
    return family.status_changes.filter(to_status=status).aggregate(day=Min("changed_on"))["day"]


def test_a_new_family_is_opened_on_its_first_change_and_not_yet_accompanied(org, ptp, on_day):
    on_day(date(2025, 3, 4))
    family = make_family(org, ptp)

    family = Family.objects.for_org(org).get(pk=family.pk)
    opening = family.status_changes.get(from_status="")
    assert family.opened_on == opening.changed_on == date(2025, 3, 4)
    assert family.accompanied_on is None


def test_a_family_created_accompanied_is_accompanied_from_its_opening(org, ptp, on_day):
    on_day(date(2025, 3, 4))
    family = make_family(org, ptp, status=Status.ACCOMPANIED)

    family.refresh_from_db()
    assert family.opened_on == family.accompanied_on == date(2025, 3, 4)


def test_becoming_accompanied_dates_the_first_accompaniment(org, ptp, on_day):
    on_day(date(2025, 3, 4))
    family = make_family(org, ptp)
    on_day(date(2025, 3, 20))
    move(ptp, family, Status.BUILDING_BOND)
    family.refresh_from_db()
    assert family.accompanied_on is None

    on_day(date(2025, 4, 15))
    move(ptp, family, Status.ACCOMPANIED)

    family.refresh_from_db()
    assert family.accompanied_on == date(2025, 4, 15) == first_change_to(family, "accompanied")
    assert family.opened_on == date(2025, 3, 4)


def test_a_family_accompanied_again_keeps_its_first_date(org, ptp, on_day):
    on_day(date(2025, 3, 4))
    family = make_family(org, ptp)
    on_day(date(2025, 4, 15))
    move(ptp, family, Status.ACCOMPANIED)
    on_day(date(2025, 6, 1))
    move(ptp, family, Status.PAUSED)
    on_day(date(2025, 9, 1))
    move(ptp, family, Status.CLOSED, reason="moved")
    on_day(date(2026, 1, 12))
    move(ptp, family, Status.ACCOMPANIED)

    family.refresh_from_db()
    assert family.status == Status.ACCOMPANIED
    assert family.status_changed_on == date(2026, 1, 12)
    assert family.accompanied_on == date(2025, 4, 15) == first_change_to(family, "accompanied")
    assert family.opened_on == date(2025, 3, 4)


def test_a_status_change_still_bumps_the_version_once(org, ptp):
    family = make_family(org, ptp)
    version = current_version(family)

    move(ptp, family, Status.ACCOMPANIED)

    assert current_version(family) == version + 1


def test_an_imported_family_gets_both_dates_from_its_history(pg, org):
    content = csv_bytes(
        [
            [*FAMILY_HEADERS, "statut_depuis"],
            ["H-ACC", "2024-09-02", "verbal", pg.email, "accompanied", "2024-11-18"],
            ["H-NEW", "2024-10-07", "verbal", pg.email, "first_contact", ""],
            ["H-BND", "2024-08-12", "verbal", pg.email, "building_bond", "2024-09-30"],
        ]
    )

    report = import_history(pg, org, Upload("familles.csv", content), dry_run=False)

    assert report.ok, [p.message for p in report.problems]
    families = {f.code: f for f in Family.objects.for_org(org)}
    assert (families["H-ACC"].opened_on, families["H-ACC"].accompanied_on) == (
        date(2024, 9, 2),
        date(2024, 11, 18),
    )
    assert (families["H-NEW"].opened_on, families["H-NEW"].accompanied_on) == (
        date(2024, 10, 7),
        None,
    )
    assert (families["H-BND"].opened_on, families["H-BND"].accompanied_on) == (
        date(2024, 8, 12),
        None,
    )
    for family in families.values():
        assert family.opened_on == family.status_changes.get(from_status="").changed_on
        assert family.accompanied_on == first_change_to(family, "accompanied")
