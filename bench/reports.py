"""Benchmark of the participation report and the team view on a generated database (a script,
not a test).

    .venv/bin/python bench/reports.py --database maillage_province

The database must already be filled by ``manage.py generate_dataset``; the script only reads
it (its connection is read-only; ``VACUUM ANALYZE`` first unless ``--no-analyze``). For the
organization with the most families and the one with the fewest, over a quarter and a full
year (by default the last full calendar year of the data and its last quarter), it times:

1. the participation report's data, ``maillage.reports.data.participation_report``;
2. its three renderings from that same report: PDF (WeasyPrint), XLSX and DOCX, and the size
   of each file;
3. the team view's figures as ``maillage.supervision.views.team_view`` computes them for the
   organization's manager (PG): ``figures.team_figures``, ``figures.trend_months`` and
   ``figures.monthly``, with the families ``families_for`` gives the PG; and, apart, the trend
   charts the page draws from them (``views._trend_sections``).

Each measure runs in French, the language the pages default to, on a fresh database
connection (warmed by the warm-up run), and the report's data and the team view's figures
under the planner settings their pages use (``maillage.core.planner.reporting_queries``;
none on code older than that module).
Queries are counted on one extra run, and the peak of Python's memory (``tracemalloc``: the
Python heap, not what C libraries such as Pango allocate) on another, both outside the timed
runs. The report's and the team view's query counts must be the same for both organizations
(``figures.py`` and ``data.py`` promise it): a difference is listed and the script exits with
status 1. Timings are the median and p95 (nearest rank) of ``--runs`` runs after one warm-up;
they are reported, never asserted. See docs/benchmarks.md for the results.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402  (Django-free, after the path)
    count_queries,
    database_url,
    machine_summary,
    nearest_rank,
    prepare_environment,
    vacuum_analyze,
)

LANGUAGE = "fr"  # maillage.settings.LANGUAGE_CODE: what the pages show by default

# --- Measuring ------------------------------------------------------------------------------


@dataclass
class Measure:
    seconds: list[float] = field(default_factory=list)
    queries: int = 0
    peak_bytes: int = 0
    size_bytes: int | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p95_ms(self) -> float:
        return nearest_rank(self.seconds, 95) * 1000


def peak_memory(function: Callable) -> int:
    """The peak of Python's traced allocations during one run of ``function``, in bytes."""
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(function: Callable, runs: int, label: str):
    """One warm-up run, ``runs`` timed runs, one run counting the queries, one tracing the
    memory; all in French. Returns (the result of the counted run, Measure).

    Each measure starts on a database connection of its own (the warm-up opens it): what a
    query leaves in its server process must not slow the next measure. It does: once the team
    view's largest query has loaded PostgreSQL's JIT compiler into the process, the report's
    parallel queries that follow on that connection take longer (see docs/benchmarks.md)."""
    from django.db import connections
    from django.utils import translation

    connections.close_all()

    def in_french():
        with translation.override(LANGUAGE):
            return function()

    in_french()
    result = Measure()
    for _ in range(runs):
        started = time.perf_counter()
        in_french()
        result.seconds.append(time.perf_counter() - started)
    value, result.queries = count_queries(in_french)
    result.peak_bytes = peak_memory(in_french)
    if isinstance(value, bytes):
        result.size_bytes = len(value)
    print(
        f"  {label}: {result.median_ms:.1f} ms, {result.queries} queries, "
        f"{result.peak_bytes / 2**20:.1f} MB",
        file=sys.stderr,
        flush=True,
    )
    return value, result


# --- What is measured -----------------------------------------------------------------------

MEASURES = (
    ("report", "Participation report: the data (`participation_report`)"),
    ("pdf", "Participation report: PDF (`render_pdf`, WeasyPrint)"),
    ("xlsx", "Participation report: XLSX (`render_xlsx`)"),
    ("docx", "Participation report: DOCX (`render_docx`)"),
    ("team", "Team view: the figures (`team_figures`, `trend_months`, `monthly`)"),
    ("charts", "Team view: the trend charts drawn from them (`_trend_sections`)"),
)
#: Measures whose query count must not depend on the organization.
CONSTANT_QUERIES = ("report", "team")


@dataclass
class Subject:
    role: str  # "largest" or "smallest"
    organization: object
    families: int
    manager: object  # the PG's membership


def manager_request(subject: Subject):
    """What ``team_view`` reads of the request: the organization, the PG's membership."""
    membership = subject.manager
    return SimpleNamespace(
        organization=subject.organization, membership=membership, user=membership.user
    )


def page_settings():
    """The planner settings the report and team view pages run their queries with
    (``maillage.core.planner``, since the commit that added it); nothing on older code."""
    try:
        from maillage.core.planner import reporting_queries
    except ImportError:
        return nullcontext()
    return reporting_queries()


def measure_subject(subject: Subject, period, runs: int, prefix: str) -> dict:
    from maillage.families.access import families_for
    from maillage.reports.data import participation_report
    from maillage.reports.render.docx import render_docx
    from maillage.reports.render.pdf import render_pdf
    from maillage.reports.render.xlsx import render_xlsx
    from maillage.supervision import figures
    from maillage.supervision.views import _trend_sections

    organization = subject.organization
    request = manager_request(subject)
    results = {}

    def report_data():
        # maillage/reports/views.py: the data under the planner settings of the pages of one
        # organization (``reporting_queries``; nothing on older code).
        with page_settings():
            return participation_report(organization, period)

    report, results["report"] = measure(report_data, runs, f"{prefix} report data")
    # The three renderings from the same report object, as the download view renders it.
    for key, render in (("pdf", render_pdf), ("xlsx", render_xlsx), ("docx", render_docx)):
        _content, results[key] = measure(
            lambda render=render: render(report), runs, f"{prefix} {key}"
        )

    def team_figures():
        # maillage/supervision/views.py team_view, for a valid period.
        families = families_for(request)
        months = figures.trend_months(period)
        with page_settings():
            rows, total = figures.team_figures(organization, families, period.start, period.end)
            trends = figures.monthly(
                organization, families, [row.membership.user_id for row in rows], months
            )
        return rows, total, trends

    (rows, _total, trends), results["team"] = measure(team_figures, runs, f"{prefix} team view")
    _sections, results["charts"] = measure(
        lambda: _trend_sections(rows, trends), runs, f"{prefix} team charts"
    )
    results["workers"] = len(rows)
    return results


def period_rows(organization, period) -> dict[str, int]:
    """How many rows of the organization the period holds: what could make a measure grow."""
    from maillage.accompaniment.models import Contact
    from maillage.families.models import Family
    from maillage.referrals.models import Referral

    families = Family.objects.for_org(organization)
    return {
        "contacts": Contact.objects.across_organizations("benchmark: the whole generated dataset")
        .filter(family__in=families, date__range=period.bounds)
        .count(),
        "referrals": Referral.objects.across_organizations("benchmark: the whole generated dataset")
        .filter(family__in=families, created_on__range=period.bounds)
        .count(),
    }


# --- Report ---------------------------------------------------------------------------------


def report(args, machine, loads, periods, subjects, counts, results) -> list[str]:
    """Prints the Markdown report; returns the query counts that differ between the two
    organizations (a bug)."""
    print("## Participation report and team view\n")
    print(
        f"Machine: {machine}. Load average (1 min) before / after: {loads[0]:.2f} / {loads[1]:.2f}."
    )
    print(
        "Periods: "
        + "; ".join(f"{name} {period.start} to {period.end}" for name, period in periods.items())
        + f". Runs: {args.runs} (after one warm-up). Language: {LANGUAGE}.\n"
    )
    print("| Organization | Id | Families | " + " | ".join(
        f"Contacts, {name} | Referrals, {name} | Team view rows, {name}" for name in periods
    ) + " |")  # fmt: skip
    print("| --- | ---: | ---: | " + " | ".join("---: | ---: | ---:" for _ in periods) + " |")
    for subject in subjects:
        cells = []
        for name in periods:
            rows = counts[subject.role, name]
            workers = results[name, subject.role]["workers"]
            cells += [f"{rows['contacts']:,}", f"{rows['referrals']:,}", str(workers)]
        print(
            f"| {subject.role} | {subject.organization.pk} | {subject.families:,} | "
            + " | ".join(cells)
            + " |"
        )
    print()
    for key, title in MEASURES:
        sized = key in ("pdf", "xlsx", "docx")
        print(f"### {title}\n")
        print(
            "| Period | Organization | Median (ms) | p95 (ms) | Queries | Peak (MB) |"
            + (" File (kB) |" if sized else "")
        )
        print("| --- | --- | ---: | ---: | ---: | ---: |" + (" ---: |" if sized else ""))
        for name in periods:
            for subject in subjects:
                item = results[name, subject.role][key]
                size = f" {item.size_bytes / 1000:.1f} |" if sized else ""
                print(
                    f"| {name} | {subject.role} (id {subject.organization.pk}) | "
                    f"{item.median_ms:.1f} | {item.p95_ms:.1f} | {item.queries} | "
                    f"{item.peak_bytes / 2**20:.1f} |{size}"
                )
        print()
    different = []
    for key in CONSTANT_QUERIES:
        for name in periods:
            by_subject = {s.role: results[name, s.role][key].queries for s in subjects}
            same = len(set(by_subject.values())) == 1
            print(
                f"- Queries of {key!r}, {name}: "
                + ", ".join(f"{role} {count}" for role, count in by_subject.items())
                + (" (the same)." if same else " (**different**).")
            )
            if not same:
                different.append(f"{key} {name}: {by_subject}")
    return different


# --- Main -----------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", required=True, help="An existing database filled by generate_dataset."
    )
    parser.add_argument("--runs", type=int, default=7, help="Timed runs per measure.")
    parser.add_argument("--year", type=int, help="The year (default: the last full year).")
    parser.add_argument(
        "--quarter",
        type=int,
        choices=(1, 2, 3, 4),
        default=4,
        help="The quarter of that year (default: the fourth).",
    )
    parser.add_argument("--no-analyze", action="store_true", help="Skip VACUUM ANALYZE.")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def organization_by_size(largest: bool):
    """The organization with the most (or the fewest) families, the smallest id on a tie."""
    from django.db.models import Count

    from maillage.families.models import Family

    return (
        Family.objects.across_organizations("benchmark: the largest and smallest organizations")
        .values("organization")
        .annotate(families=Count("id"))
        .order_by("-families" if largest else "families", "organization")
        .first()
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    if not args.no_analyze:
        vacuum_analyze(args.database)
    prepare_environment(database_url(args.database, read_only=True))
    import django

    django.setup()
    from django.db import connections
    from django.db.models import Max

    from maillage.accompaniment.models import Contact
    from maillage.accounts.models import Membership, Role
    from maillage.core.periods import Period
    from maillage.organizations.models import Organization

    last_day = Contact.objects.across_organizations(
        "benchmark: the whole generated dataset"
    ).aggregate(day=Max("date"))["day"]
    if last_day is None:
        print("The database holds no generated data.", file=sys.stderr)
        return 2
    full_year = last_day.year if (last_day.month, last_day.day) == (12, 31) else last_day.year - 1
    year = args.year or full_year
    periods = {
        f"Q{args.quarter} {year}": Period.quarter(year, args.quarter),
        f"year {year}": Period.year(year),
    }
    subjects = []
    for role, largest in (("largest", True), ("smallest", False)):
        row = organization_by_size(largest)
        organization = Organization.objects.get(pk=row["organization"])
        manager = (
            Membership.objects.for_org(organization)
            .active()
            .filter(role=Role.PG)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if manager is None:
            print(f"Organization {organization.pk} has no active manager (PG).", file=sys.stderr)
            return 2
        subjects.append(Subject(role, organization, row["families"], manager))

    loads = [os.getloadavg()[0]]
    results, counts = {}, {}
    for name, period in periods.items():
        for subject in subjects:
            prefix = f"{name} · {subject.role} (id {subject.organization.pk})"
            results[name, subject.role] = measure_subject(subject, period, args.runs, prefix)
            counts[subject.role, name] = period_rows(subject.organization, period)
    loads.append(os.getloadavg()[0])
    different = report(args, machine_summary(), loads, periods, subjects, counts, results)
    connections.close_all()
    if different:
        print("\nQuery counts that depend on the organization:", file=sys.stderr)
        for line in different:
            print(f"  {line}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
