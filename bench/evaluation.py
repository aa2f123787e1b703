"""Benchmark of the evaluation's indicators on a province-sized dataset (a script, not a test).

    .venv/bin/python bench/evaluation.py --generate province      # throwaway database
    .venv/bin/python bench/evaluation.py --database maillage_province   # already generated

With ``--generate SCALE`` it creates a throwaway PostgreSQL database, migrates it, fills it
with ``manage.py generate_dataset --scale SCALE`` and drops it at the end (also on failure
or Ctrl-C). With ``--database NAME`` it uses a database that ``generate_dataset`` already
filled, and leaves it as it is.

For the whole province (the évaluateur's scope: every organization, families with the
statistics consent) and for one organization (a PG's scope: the organization with the most
families), over one period (the last full calendar year of the data by default), it:

1. times the **dashboard**: every evaluation question that exists (``compute(scope)`` of
   ``maillage/evaluation/questions/qN.py``), one after the other as the question pages
   compute them, and all eight as the evaluation's home page computes them
   (``maillage/evaluation/dashboard.py``: on PostgreSQL, several at a time);
2. for each **indicator** function those questions call, computes the numbers through the
   application (ORM) and with hand-written SQL, checks that they are **equal** (a
   difference is a bug: the script lists it and exits with status 1), and times both.

Timings are the median and p95 (nearest rank) of ``--runs`` runs after one warm-up run; they
are reported, never asserted. See docs/benchmarks.md for the results.
"""

# SQL below is built from constant fragments of this file; values always go in parameters.
# ruff: noqa: S608
from __future__ import annotations

import argparse
import dataclasses
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402  (Django-free, after the path)
    count_queries,
    create_database,
    database_url,
    drop_database,
    machine_summary,
    nearest_rank,
    prepare_environment,
    vacuum_analyze,
)

# --- Timing ---------------------------------------------------------------------------------


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p95_ms(self) -> float:
        return nearest_rank(self.seconds, 95) * 1000


def timed(function: Callable, runs: int):
    """One warm-up run, then ``runs`` timed runs; returns (last result, Timing)."""
    result = function()
    timing = Timing()
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timing.seconds.append(time.perf_counter() - started)
    return result, timing


def normalized(value):
    """Compare numbers, not shapes: zero counts and empty groups are dropped (the ORM leaves
    some out, SQL never returns them), Decimals and ints compare as they are."""
    if isinstance(value, dict):
        cleaned = {key: normalized(inner) for key, inner in value.items()}
        return {key: inner for key, inner in cleaned.items() if inner not in ({}, 0, None)}
    if isinstance(value, list | tuple):
        return [normalized(inner) for inner in value]
    return value


# --- Hand-written SQL -----------------------------------------------------------------------
# Every query starts from the scope's families (``scope_families``): across organizations,
# the families with a statistics consent in force for the period; for one organization, all
# of its families. Contacts and referrals are taken by the organization they carry and their
# family among those (``rows_of``). Written from the questions' definitions, not from the
# ORM's SQL.

STRUCTURAL = ("transport", "waiting_time", "eligibility", "language", "cost", "schedule")
UPTAKE = ("received", "not_used", "refused")
OPEN = ("proposed", "accepted", "requested", "waiting_list", "appointment_set")


@dataclass(frozen=True)
class SqlScope:
    organization_ids: list[int]
    start: date
    end: date
    across: bool

    @property
    def params(self) -> dict:
        return {"orgs": self.organization_ids, "start": self.start, "end": self.end}

    @property
    def families(self) -> str:
        return FAMILIES_CONSENTING if self.across else FAMILIES_ALL


FAMILIES_ALL = """WITH scope_families AS (
    SELECT f.id, f.organization_id FROM families_family f
    WHERE f.organization_id = ANY(%(orgs)s))
"""
FAMILIES_CONSENTING = """WITH scope_families AS (
    SELECT f.id, f.organization_id FROM families_family f
    WHERE f.organization_id = ANY(%(orgs)s)
      AND EXISTS (
        SELECT 1 FROM families_consent c
        WHERE c.family_id = f.id AND c.purpose = 'statistics'
          AND c.given_on <= %(end)s AND c.withdrawn_on IS NULL
          AND (c.expires_on IS NULL OR c.expires_on >= %(start)s)))
"""


# Question 1: the families reached, checked against their organization's definition in force.
REACHED_CHECKS = """, in_force AS (
                SELECT DISTINCT ON (d.organization_id) d.*
                FROM evaluation_targetdefinition d
                WHERE d.organization_id = ANY(%(orgs)s) AND d.valid_from <= %(end)s
                  AND (d.valid_to IS NULL OR d.valid_to >= %(end)s)
                ORDER BY d.organization_id, d.valid_from DESC, d.id DESC
            ), reached AS (
                SELECT f.id, f.organization_id FROM scope_families f
                JOIN families_family opened ON opened.id = f.id
                WHERE opened.opened_on BETWEEN %(start)s AND %(end)s
                   OR EXISTS (SELECT 1 FROM accompaniment_contact c
                              WHERE c.family_id = f.id AND c.date BETWEEN %(start)s AND %(end)s)
            ), checks AS (
                SELECT r.organization_id, d.id IS NOT NULL AS has_target,
                  (d.child_age_min IS NOT NULL OR d.child_age_max IS NOT NULL) AS ages_set,
                  (EXISTS (SELECT 1 FROM families_member m
                           WHERE m.family_id = r.id AND m.role IN ('child', 'teenager')
                             AND NOT m.expected AND m.birth_year IS NOT NULL
                             AND m.birth_year * 12 + COALESCE(m.birth_month, 7)
                                 <= %(month)s - 12 * COALESCE(d.child_age_min, 0)
                             AND (d.child_age_max IS NULL
                                  OR m.birth_year * 12 + COALESCE(m.birth_month, 7)
                                     > %(month)s - 12 * (d.child_age_max + 1)))
                   OR (d.expected_birth_counts AND COALESCE(d.child_age_min, 0) = 0
                       AND EXISTS (SELECT 1 FROM families_member m
                                   WHERE m.family_id = r.id AND m.expected
                                     AND m.role IN ('child', 'teenager')))) AS ages_met,
                  jsonb_array_length(d.isolation) > 0 AS isolation_set,
                  EXISTS (SELECT 1 FROM jsonb_array_elements_text(d.isolation) v
                          WHERE fam.isolation ? v) AS isolation_met,
                  jsonb_array_length(d.milieux) > 0 AS milieu_set,
                  COALESCE(NULLIF(fam.milieu, ''), o.milieu)
                      IN (SELECT jsonb_array_elements_text(d.milieux)) AS milieu_met,
                  EXISTS (SELECT 1 FROM evaluation_targetdefinition_municipalities p
                          WHERE p.targetdefinition_id = d.id) AS municipality_set,
                  EXISTS (SELECT 1 FROM evaluation_targetdefinition_municipalities p
                          WHERE p.targetdefinition_id = d.id
                            AND p.municipality_id = fam.municipality_id) AS municipality_met,
                  jsonb_array_length(d.immigration_contexts) > 0 AS immigration_set,
                  fam.immigration_context
                      IN (SELECT jsonb_array_elements_text(d.immigration_contexts))
                      AS immigration_met,
                  d.interpreter_needed AS interpreter_set,
                  fam.interpreter_needed AS interpreter_met,
                  fam.origin_strategy_id, s."default" AS strategy_default, fam.entry_point,
                  fam.isolation, COALESCE(NULLIF(fam.milieu, ''), o.milieu) AS milieu,
                  fam.immigration_context, fam.interpreter_needed
                FROM reached r
                JOIN families_family fam ON fam.id = r.id
                JOIN organizations_organization o ON o.id = r.organization_id
                LEFT JOIN outreach_strategy s ON s.id = fam.origin_strategy_id
                LEFT JOIN in_force d ON d.organization_id = r.organization_id
            ), target AS (
                SELECT *, has_target AND MEETS_ALL AS meets FROM checks
            )
"""
CRITERIA = ("ages", "isolation", "milieu", "municipality", "immigration", "interpreter")


class Sql:
    def __init__(self, cursor, scope: SqlScope):
        self.cursor = cursor
        self.scope = scope

    def rows(self, body: str, extra: dict | None = None) -> list[tuple]:
        for alias in ("c", "r"):
            body = body.replace(f"ROWS_OF_{alias.upper()}", self.rows_of(alias))
        self.cursor.execute(self.scope.families + body, self.scope.params | (extra or {}))
        return self.cursor.fetchall()

    @staticmethod
    def rows_of(alias: str) -> str:
        """Contacts (``c``) or referrals (``r``) of the scope: the organization they carry,
        and their family among the scope's families (across organizations: consenting)."""
        return (
            f"{alias}.organization_id = ANY(%(orgs)s) "  # nosec B608
            f"AND {alias}.family_id IN (SELECT id FROM scope_families)"
        )

    def by_key(self, body: str, extra: dict | None = None) -> dict:
        """Rows of (organization, key, count) as ``{key: {organization: count}}``."""
        result: dict = {}
        for organization, key, count in self.rows(body, extra):
            result.setdefault(key, {})[organization] = count
        return result

    # Question 7 headline numbers (maillage/referrals/indicators.py)

    REFERRALS = """
        FROM referrals_referral r
        WHERE ROWS_OF_R AND r.created_on BETWEEN %(start)s AND %(end)s"""

    def outcome_counts(self):
        rows = self.rows(
            f"SELECT r.status, count(*) {self.REFERRALS} AND r.status = ANY(%(uptake)s) "
            "GROUP BY r.status",
            {"uptake": list(UPTAKE)},
        )
        return dict.fromkeys(UPTAKE, 0) | dict(rows)

    def reasons_for_non_use(self):
        return dict(
            self.rows(
                """SELECT e.reason, count(*) FROM referrals_referralevent e
                JOIN referrals_referral r ON r.id = e.referral_id
                WHERE ROWS_OF_R AND r.created_on BETWEEN %(start)s AND %(end)s
                  AND e.to_status IN ('not_used', 'refused')
                GROUP BY e.reason"""
            )
        )

    def days_to_service(self):
        return [
            days
            for (days,) in self.rows(
                """SELECT e.on - r.created_on FROM referrals_referralevent e
                JOIN referrals_referral r ON r.id = e.referral_id
                WHERE ROWS_OF_R AND r.created_on BETWEEN %(start)s AND %(end)s
                  AND e.to_status = 'received'
                ORDER BY 1"""
            )
        ]

    # Question 5 (maillage/evaluation/indicators/interventions.py)

    CONTACTS = """
        FROM accompaniment_contact c
        WHERE ROWS_OF_C AND c.date BETWEEN %(start)s AND %(end)s"""

    @staticmethod
    def code_lists():
        from maillage.core.taxonomy import INTERVENTION_BITS, NEED_BITS, InterventionType, Need

        return [
            ("interventions", InterventionType.values, INTERVENTION_BITS),
            ("needs", Need.values, NEED_BITS),
        ]

    def code_params(self) -> tuple[list[tuple[str, str, str]], dict]:
        """(parameter name, list column, code) for every code, and the parameters: the
        code's bit in the contact's copy of the list (``needs_bits``…) as an integer mask."""
        names, params = [], {}
        for column, codes, bits in self.code_lists():
            for index, code in enumerate(codes):
                name = f"{column}_{index}"
                names.append((name, column, code))
                params[name] = 1 << bits[code]
        return names, params

    def split_codes(self, names, organization, values, result) -> None:
        for (_name, column, code), value in zip(names, values, strict=True):
            if value:
                of_code = result[column].setdefault(code, {})
                of_code[organization] = of_code.get(organization, 0) + value

    def contact_tallies(self):
        """Per organization and mode: contacts, minutes, travel, km, and the contacts
        holding each code (a bit of the contact's ``needs_bits`` / ``interventions_bits``)."""
        names, params = self.code_params()
        counts = ", ".join(
            f"count(*) FILTER (WHERE c.{column}_bits & %({name})s <> 0)"
            for name, column, _code in names
        )
        rows = self.rows(
            "SELECT c.organization_id, c.mode, count(*), sum(c.duration_minutes), "  # nosec B608
            f"sum(c.travel_minutes), sum(c.distance_km), {counts} {self.CONTACTS} GROUP BY 1, 2",
            params,
        )
        measures = ("contacts", "contact_minutes", "travel_minutes", "distance_km")
        result: dict = {"by_mode": {}, "totals": {}, "interventions": {}, "needs": {}}
        for organization, mode, *values in rows:
            of_mode = result["by_mode"].setdefault(mode, {})
            for measure, value in zip(measures, values[:4], strict=True):
                of_mode.setdefault(measure, {})[organization] = value
                totals = result["totals"].setdefault(measure, {})
                totals[organization] = totals.get(organization, 0) + value
            self.split_codes(names, organization, values[4:], result)
        return result

    def family_tallies(self):
        """Per organization: families with a contact, and with a contact holding each code:
        each family's bits OR-ed together, then tested code by code."""
        names, params = self.code_params()
        counts = ", ".join(
            f"count(*) FILTER (WHERE {column} & %({name})s <> 0)" for name, column, _code in names
        )
        rows = self.rows(
            ", per_family AS (SELECT c.organization_id, c.family_id, "
            "bit_or(c.interventions_bits) AS interventions, bit_or(c.needs_bits) AS needs "
            f"{self.CONTACTS} GROUP BY 1, 2) "  # nosec B608
            f"SELECT organization_id, count(*), {counts} FROM per_family GROUP BY 1",
            params,
        )
        result: dict = {"families": {}, "interventions": {}, "needs": {}}
        for organization, families, *values in rows:
            result["families"][organization] = families
            self.split_codes(names, organization, values, result)
        return result

    # Question 1 (maillage/evaluation/indicators/target.py)

    def reached_checks(self, select: str, extra: dict | None = None) -> list[tuple]:
        """Families reached in the period, each with its organization's definition in force
        on the last day, every criterion set / met, and ``meets`` (the whole target)."""
        end = self.scope.end
        meets_all = " AND ".join(f"(NOT {c}_set OR {c}_met)" for c in CRITERIA)
        query = REACHED_CHECKS.replace("MEETS_ALL", f"({meets_all})") + select
        return self.rows(query, {"month": end.year * 12 + end.month} | (extra or {}))

    def reach_by_organization(self):
        """Per organization: families reached in the period, those meeting every criterion
        its target definition in force on the last day sets, and those meeting each one."""
        each = ", ".join(f"count(*) FILTER (WHERE {c}_set AND {c}_met)" for c in CRITERIA)
        rows = self.reached_checks(
            f"SELECT organization_id, count(*), count(*) FILTER (WHERE meets), {each} "  # nosec B608
            "FROM target GROUP BY 1"
        )
        return {
            organization: dict(zip(("reached", "meeting", *CRITERIA), counts, strict=True))
            for organization, *counts in rows
        }

    # Questions 2 and 4 (maillage/evaluation/indicators/strategies.py)

    def families_by_strategy(self):
        """Families reached, and of them meeting the target, by the strategy that reached
        them."""
        rows = self.reached_checks(
            "SELECT organization_id, origin_strategy_id, strategy_default, count(*), "
            "count(*) FILTER (WHERE meets) FROM target GROUP BY 1, 2, 3"
        )
        return self.by_strategy(rows, ["reached", "meeting"])

    PROFILES = """
        count(*) FILTER (WHERE isolation ? 'social'),
        count(*) FILTER (WHERE isolation ? 'geographic'),
        count(*) FILTER (WHERE isolation ? 'cultural'),
        count(*) FILTER (WHERE isolation ? 'distrust'),
        count(*) FILTER (WHERE isolation ? 'few_services'),
        count(*) FILTER (WHERE isolation ? 'alone_despite_services'),
        count(*) FILTER (WHERE milieu = 'rural'),
        count(*) FILTER (WHERE milieu = 'urbain'),
        count(*) FILTER (WHERE milieu = 'mixte'),
        count(*) FILTER (WHERE immigration_context <> ''),
        count(*) FILTER (WHERE interpreter_needed)"""

    def entry_points_and_profiles(self):
        """By entry point: families reached and meeting the target; by strategy: target
        families reached with each profile of question 4 (isolation dimensions, milieux,
        an immigration context, an interpreter)."""
        by_entry: dict = {}
        for organization, entry_point, reached, meeting in self.reached_checks(
            "SELECT organization_id, COALESCE(NULLIF(entry_point, ''), 'none'), count(*), "
            "count(*) FILTER (WHERE meets) FROM target GROUP BY 1, 2"
        ):
            by_entry[(organization, entry_point)] = {"reached": reached, "meeting": meeting}
        profiles = self.reached_checks(
            f"SELECT organization_id, origin_strategy_id, strategy_default, {self.PROFILES} "  # nosec B608
            "FROM target WHERE meets GROUP BY 1, 2, 3"
        )
        columns = [f"p{index}" for index in range(11)]
        return (
            [{"organization_id": o, "row": row, **v} for (o, row), v in by_entry.items()],
            self.by_strategy(profiles, columns),
        )

    def other_strategies(self):
        """Outreach activities and families reached through "other" and through the
        organizations' own strategies, by strategy name (case aside)."""
        summed: dict = {}
        for organization, key, activities, families in self.reached_checks(
            """, named AS (
                SELECT a.organization_id, COALESCE(NULLIF(s."default", ''), s.custom_name) AS name,
                       1 AS activity, 0 AS family
                FROM outreach_outreachactivity a JOIN outreach_strategy s ON s.id = a.strategy_id
                WHERE a.organization_id = ANY(%(orgs)s) AND a.date BETWEEN %(start)s AND %(end)s
                  AND s."default" IN ('other', '')
                UNION ALL
                SELECT t.organization_id, COALESCE(NULLIF(s."default", ''), s.custom_name), 0, 1
                FROM target t JOIN outreach_strategy s ON s.id = t.origin_strategy_id
                WHERE s."default" IN ('other', ''))
            SELECT organization_id, name, sum(activity), sum(family) FROM named GROUP BY 1, 2"""
        ):
            row = key if key == "other" else key.casefold()
            totals = summed.setdefault((organization, row), {"activities": 0, "families": 0})
            totals["activities"] += activities
            totals["families"] += families
        return [{"organization_id": o, "row": row, **v} for (o, row), v in summed.items()]

    # Question 3 (maillage/evaluation/indicators/strategies.py)

    def strategy_row(self, strategy_id, default):
        """Across organizations a row is a default strategy, or all their own ones together;
        inside one organization, each of its strategies."""
        if strategy_id is None:
            return "none"
        if self.scope.across:
            return default or "own"
        return strategy_id

    def by_strategy(self, rows, columns) -> list[dict]:
        summed: dict = {}
        for organization, strategy_id, default, *values in rows:
            key = (organization, self.strategy_row(strategy_id, default))
            totals = summed.setdefault(key, dict.fromkeys(columns, 0))
            for column, value in zip(columns, values, strict=True):
                totals[column] += value or 0
        return [
            {"organization_id": organization, "row": row, **totals}
            for (organization, row), totals in summed.items()
        ]

    def outreach_by_strategy(self):
        rows = self.rows(
            """SELECT a.organization_id, a.strategy_id, s."default", count(*),
                   sum(a.duration_minutes)
            FROM outreach_outreachactivity a JOIN outreach_strategy s ON s.id = a.strategy_id
            WHERE a.organization_id = ANY(%(orgs)s) AND a.date BETWEEN %(start)s AND %(end)s
            GROUP BY 1, 2, 3"""
        )
        return self.by_strategy(rows, ["activities", "minutes"])

    def paths_by_strategy(self, today: date):
        # Per family: opened in the period, first day accompanied (both kept on the family
        # from its status history), and, in the cohort, its status on the 91st day after
        # (the latest change on or before it).
        rows = self.rows(
            """, paths AS (
                SELECT f.organization_id, fam.origin_strategy_id, s."default",
                       fam.opened_on BETWEEN %(start)s AND %(end)s AS opened,
                       fam.accompanied_on AS first_accompanied,
                       fam.accompanied_on + 91 AS checked_on,
                       CASE WHEN fam.accompanied_on BETWEEN %(start)s AND %(end)s
                                 AND fam.accompanied_on + 91 <= %(today)s THEN
                           (SELECT t.to_status FROM families_statuschange t
                            WHERE t.family_id = f.id AND t.changed_on <= fam.accompanied_on + 91
                            ORDER BY t.changed_on DESC, t.changed_at DESC, t.id DESC
                            LIMIT 1) END AS status_then
                FROM scope_families f
                JOIN families_family fam ON fam.id = f.id
                LEFT JOIN outreach_strategy s ON s.id = fam.origin_strategy_id)
            SELECT organization_id, origin_strategy_id, "default",
                   count(*) FILTER (WHERE opened),
                   count(*) FILTER (WHERE opened AND first_accompanied <= %(today)s),
                   count(*) FILTER (WHERE first_accompanied BETWEEN %(start)s AND %(end)s
                                      AND checked_on <= %(today)s),
                   count(*) FILTER (WHERE first_accompanied BETWEEN %(start)s AND %(end)s
                                      AND checked_on <= %(today)s
                                      AND status_then = 'accompanied')
            FROM paths GROUP BY 1, 2, 3""",
            {"today": today},
        )
        return self.by_strategy(rows, ["opened", "converted", "cohort", "retained"])

    # Questions 6 and 7 (maillage/evaluation/indicators/referrals.py)

    DIRECTORY = """
        LEFT JOIN partners_service s ON s.id = r.service_id
        LEFT JOIN partners_partner p ON p.id = s.partner_id"""

    def by_partner(self):
        return self.by_key(
            "SELECT r.organization_id, COALESCE(NULLIF(r.partner_name, ''), p.name), count(*) "  # nosec B608
            f"FROM referrals_referral r {self.DIRECTORY} "
            "WHERE ROWS_OF_R AND r.created_on BETWEEN %(start)s AND %(end)s GROUP BY 1, 2"
        )

    def destinations(self):
        """Referrals by need, by mandate (``outside_directory`` for a partner typed in) and
        by the needs of their service (``not_categorised``: a service with none)."""
        from maillage.core.taxonomy import Need

        tags = list(Need.values)
        rows = self.rows(
            """SELECT r.organization_id, r.need, COALESCE(p.mandate, 'outside_directory'),
                   count(*),
                   count(*) FILTER (WHERE s.id IS NOT NULL AND s.needs = '[]'::jsonb),
                   count(*) FILTER (WHERE r.service_id IS NULL)
            FROM referrals_referral r
            LEFT JOIN partners_service s ON s.id = r.service_id
            LEFT JOIN partners_partner p ON p.id = s.partner_id
            WHERE ROWS_OF_R AND r.created_on BETWEEN %(start)s AND %(end)s GROUP BY 1, 2, 3"""
        )
        result: dict = {"need": {}, "mandate": {}, "category": {}}

        def add(of_key: dict, organization: int, count: int) -> None:
            of_key[organization] = of_key.get(organization, 0) + count

        for organization, need, mandate, count, untagged, outside in rows:
            add(result["need"].setdefault(need, {}), organization, count)
            add(result["mandate"].setdefault(mandate, {}), organization, count)
            add(result["category"].setdefault("not_categorised", {}), organization, untagged)
            add(result["category"].setdefault("outside_directory", {}), organization, outside)
        # A service tagged with two needs counts under both: expand its list.
        for organization, tag, count in self.rows(
            """SELECT r.organization_id, tag, count(*)
            FROM referrals_referral r
            JOIN partners_service s ON s.id = r.service_id
            CROSS JOIN LATERAL jsonb_array_elements_text(s.needs) tag
            WHERE ROWS_OF_R AND r.created_on BETWEEN %(start)s AND %(end)s AND tag = ANY(%(tags)s)
            GROUP BY 1, 2""",
            {"tags": tags},
        ):
            add(result["category"].setdefault(tag, {}), organization, count)
        return result

    def outcomes(self):
        """By outcome ("open" for every open status), and the three outcomes of uptake split
        by the worker's accompaniment."""
        result: dict = {"all": {}, True: {}, False: {}}
        for organization, accompanied, status, count in self.rows(
            f"SELECT r.organization_id, r.accompanied, r.status, count(*) {self.REFERRALS} "
            "GROUP BY 1, 2, 3"
        ):
            key = "open" if status in OPEN else status
            of_key = result["all"].setdefault(key, {})
            of_key[organization] = of_key.get(organization, 0) + count
            if status in UPTAKE:
                result[accompanied].setdefault(status, {})[organization] = count
        return result

    def days_by_organization(self):
        """Referrals whose service was received, by organization and days to service."""
        result: dict = {}
        for organization, days, count in self.rows(
            """SELECT r.organization_id, e.on - r.created_on, count(*)
            FROM referrals_referralevent e
            JOIN referrals_referral r ON r.id = e.referral_id
            WHERE ROWS_OF_R AND r.created_on BETWEEN %(start)s AND %(end)s
              AND e.to_status = 'received'
            GROUP BY 1, 2"""
        ):
            result.setdefault(organization, {})[days] = count
        return result

    def reasons_by_organization(self):
        return self.by_key(
            """SELECT r.organization_id, e.reason, count(*) FROM referrals_referralevent e
            JOIN referrals_referral r ON r.id = e.referral_id
            WHERE ROWS_OF_R AND r.created_on BETWEEN %(start)s AND %(end)s
              AND e.to_status IN ('not_used', 'refused')
            GROUP BY 1, 2"""
        )

    # Question 8 (maillage/evaluation/indicators/complementarity.py)

    def needs_met_and_unmet(self):
        """By need: referrals that ended in the service received, and those that ended not
        used or refused for a structural reason."""
        result: dict = {"met": {}, "unmet": {}}
        for organization, need, met, unmet in self.rows(
            f"""SELECT r.organization_id, r.need,
                   count(*) FILTER (WHERE r.status = 'received'),
                   count(*) FILTER (WHERE r.status IN ('not_used', 'refused') AND EXISTS (
                       SELECT 1 FROM referrals_referralevent e WHERE e.referral_id = r.id
                       AND e.to_status IN ('not_used', 'refused')
                       AND e.reason = ANY(%(structural)s)))
            {self.REFERRALS} GROUP BY 1, 2""",  # nosec B608
            {"structural": list(STRUCTURAL)},
        ):
            result["met"].setdefault(need, {})[organization] = met
            result["unmet"].setdefault(need, {})[organization] = unmet
        return result

    # A gap counts when confirmed or resolved, not merged, raised (local day) in the period.
    GAPS = """
        FROM gaps_servicegap g
        WHERE g.organization_id = ANY(%(orgs)s)
          AND (g.created_at AT TIME ZONE %(zone)s)::date BETWEEN %(start)s AND %(end)s
          AND g.status IN ('confirmed', 'resolved') AND g.merged_into_id IS NULL"""

    def gap_tallies(self, zone: str, include_added: bool):
        """Confirmed gaps by need and by cause, and families affected by cause (the
        distinct families behind the gaps' referrals among the scope's families, plus,
        inside one organization, those the manager added by hand)."""
        by_need: dict = {}
        gaps: dict = {}
        added_by_cause: dict = {}
        for organization, cause, need, count, added in self.rows(
            f"SELECT g.organization_id, g.cause, g.need, count(*), sum(g.families_added) "
            f"{self.GAPS} GROUP BY 1, 2, 3",
            {"zone": zone},
        ):
            for of_key, value in (
                (by_need.setdefault(need, {}), count),
                (gaps.setdefault(cause, {}), count),
                (added_by_cause.setdefault(cause, {}), added),
            ):
                of_key[organization] = of_key.get(organization, 0) + value
        families = self.by_key(
            """SELECT g.organization_id, g.cause, count(DISTINCT r.family_id)
            FROM gaps_servicegap g
            JOIN gaps_servicegap_referrals l ON l.servicegap_id = g.id
            JOIN referrals_referral r ON r.id = l.referral_id
            JOIN scope_families f ON f.id = r.family_id
            WHERE g.organization_id = ANY(%(orgs)s)
              AND (g.created_at AT TIME ZONE %(zone)s)::date BETWEEN %(start)s AND %(end)s
              AND g.status IN ('confirmed', 'resolved') AND g.merged_into_id IS NULL
            GROUP BY 1, 2""",
            {"zone": zone},
        )
        if include_added:
            for cause, of_cause in added_by_cause.items():
                for organization, added in of_cause.items():
                    of_families = families.setdefault(cause, {})
                    of_families[organization] = of_families.get(organization, 0) + added
        return {"by_need": by_need, "gaps": gaps, "families": families}


# --- The cases: each indicator through the application and by hand ---------------------------


@dataclass
class Case:
    question: int
    name: str
    orm: Callable  # Scope -> numbers
    sql: Callable  # Sql -> the same numbers


def indicator_cases(zone: str, today: date) -> list[Case]:
    from maillage.evaluation.indicators import complementarity, interventions, strategies, target
    from maillage.evaluation.indicators import referrals as grouped
    from maillage.evaluation.questions.q8 import gaps_of
    from maillage.referrals import indicators as loop

    return [
        Case(1, "Reached, meeting the target, meeting each criterion",
             lambda s: {row.pop("organization_id"): row
                        for row in target.reach_by_organization(s, in_force(s))},
             Sql.reach_by_organization),
        Case(2, "Families reached and meeting the target, by strategy",
             lambda s: by_row(strategies.families_by_strategy(s, target_of(s))),
             lambda q: by_row(q.families_by_strategy())),
        Case(4, "By entry point, and target families' profiles by strategy (one query)",
             lambda s: [by_row(part)
                        for part in strategies.entry_points_and_profiles(s, target_of(s))],
             lambda q: [by_row(part) for part in q.entry_points_and_profiles()]),
        Case(4, "Outreach and families under 'other' and the organizations' own strategies",
             lambda s: by_row(strategies.other_strategies(s)),
             lambda q: by_row(q.other_strategies())),
        Case(3, "Outreach activities and minutes by strategy",
             lambda s: by_row(strategies.outreach_by_strategy(s)),
             lambda q: by_row(q.outreach_by_strategy())),
        Case(3, "Opened, converted, still accompanied at 3 months, by strategy",
             lambda s: by_row(strategies.paths_by_strategy(s, today)),
             lambda q: by_row(q.paths_by_strategy(today))),
        Case(5, "Contacts by mode, type of intervention and need (one query)",
             lambda s: interventions.contact_tallies(s.contacts()), Sql.contact_tallies),
        Case(5, "Families by type of intervention and need (one query)",
             lambda s: interventions.family_tallies(s.contacts()), Sql.family_tallies),
        Case(6, "Referrals by need, mandate and service category (one query)",
             lambda s: grouped.destinations(s.referrals()), Sql.destinations),
        Case(6, "Referrals by partner",
             lambda s: grouped.by_partner(s.referrals()), Sql.by_partner),
        Case(7, "Uptake: referrals by outcome (headline)",
             lambda s: loop.outcome_counts(s.referrals()), Sql.outcome_counts),
        Case(7, "Reasons for non-use (headline)",
             lambda s: loop.reasons_for_non_use(s.referrals()), Sql.reasons_for_non_use),
        Case(7, "Time to service, days of each referral (headline)",
             lambda s: loop.days_to_service(s.referrals()), Sql.days_to_service),
        Case(7, "Referrals by outcome, accompanied or not (one query)",
             lambda s: grouped.outcomes(s.referrals()), Sql.outcomes),
        Case(7, "Reasons for non-use by organization",
             lambda s: grouped.reasons_by_organization(s.referral_events()),
             Sql.reasons_by_organization),
        Case(7, "Days to service by organization (bands and median)",
             lambda s: grouped.days_to_service(s.referral_events()), Sql.days_by_organization),
        Case(8, "Needs met by a service and needs that hit a gap (one query)",
             lambda s: complementarity.needs_met_and_unmet(s.referrals()),
             Sql.needs_met_and_unmet),
        Case(8, "Confirmed gaps by need and by cause, families affected by cause",
             lambda s: complementarity.gap_tallies(
                 gaps_of(s), s.family_counts("referrals__family"), include_added=not s.across),
             lambda q: q.gap_tallies(zone, include_added=not q.scope.across)),
    ]  # fmt: skip


def target_of(scope):
    """The questions' target condition (``None`` without any definition in force)."""
    from maillage.evaluation.indicators import target

    definitions = in_force(scope)
    return target.any_target_q(definitions, scope.period.end) if definitions else None


def in_force(scope):
    from maillage.evaluation.indicators import target

    return target.definitions_in_force(
        scope.organization_ids,
        scope.period.end,
        across=scope.across,
        organization=scope.organization,
    )


def by_row(groups: list[dict]) -> dict:
    """Grouped rows (any order) as ``{(organization, row): columns}``, to compare."""
    return {
        (group["organization_id"], group["row"]): {
            k: v for k, v in group.items() if k not in ("organization_id", "row")
        }
        for group in groups
    }


def available_questions() -> tuple[dict[int, Callable], dict[int, str]]:
    """The questions' ``compute`` functions that import today, and why the others do not."""
    import importlib

    found, missing = {}, {}
    for number in range(1, 9):
        try:
            module = importlib.import_module(f"maillage.evaluation.questions.q{number}")
            found[number] = module.compute
        except Exception as exc:
            missing[number] = f"{type(exc).__name__}: {exc}"
    return found, missing


# --- Measuring ------------------------------------------------------------------------------


@dataclass
class CaseResult:
    case: Case
    equal: bool
    orm: Timing
    sql: Timing
    detail: str = ""


@dataclass
class ScopeResult:
    label: str
    dashboard: Timing | None = None  # the questions one after the other
    dashboard_queries: int = 0
    page: Timing | None = None  # the dashboard page: ``dashboard.answers``
    page_workers: int = 1
    questions: list[int] = field(default_factory=list)
    per_question: dict[int, Timing] = field(default_factory=dict)
    cases: list[CaseResult] = field(default_factory=list)
    too_slow: dict[int, str] = field(default_factory=dict)  # question -> what happened


def first_difference(left, right, path="") -> str:
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right), key=str):
            if left.get(key) != right.get(key):
                return first_difference(left.get(key), right.get(key), f"{path}[{key!r}]")
    if isinstance(left, list) and isinstance(right, list) and len(left) != len(right):
        return f"{path}: {len(left)} values through the ORM, {len(right)} by SQL"
    return f"{path}: ORM {str(left)[:120]} ≠ SQL {str(right)[:120]}"


def set_statement_timeout(seconds: float) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, false)", [f"{seconds * 1000:.0f}"]
        )


def page_settings(scope):
    """The database settings the evaluation pages run the questions of ``scope`` with (JIT
    off since ``ea78841``; for one organization, no parallel workers and index reads priced
    as memory reads), for the ORM and the hand-written SQL alike; nothing on older code."""
    try:
        from maillage.evaluation.scope import evaluation_queries
    except ImportError:
        return nullcontext()
    try:
        return evaluation_queries(scope)
    except TypeError:  # before the settings depended on the scope
        return evaluation_queries()


def time_the_page(scope, questions, runs) -> tuple[Timing | None, int]:
    """The evaluation's home page computes every question with ``dashboard.answers``: on
    PostgreSQL several at a time, each on a connection of its own (``EVALUATION_WORKERS``).
    Timed as the page runs it, when every question is benchmarked and the code has it."""
    try:
        from django.conf import settings

        from maillage.evaluation import dashboard
    except ImportError:
        return None, 1
    if sorted(questions) != list(range(1, 9)):
        return None, 1
    workers = settings.EVALUATION_WORKERS if dashboard.concurrent() else 1
    _result, timing = timed(lambda: dashboard.answers(fresh(scope)), runs)
    return timing, workers


def fresh(scope):
    """A copy of ``scope`` with nothing cached (``Scope.target_definitions``), as each request
    builds its own: what a page reads once per scope is timed and counted in every run."""
    return dataclasses.replace(scope)


def measure_scope(label, scope, sql_scope, questions, cases, runs, timeout, budget):
    with page_settings(scope):
        return _measure_scope(label, scope, sql_scope, questions, cases, runs, timeout, budget)


def _measure_scope(label, scope, sql_scope, questions, cases, runs, timeout, budget):
    from django.db import OperationalError, connection

    result = ScopeResult(label)
    # A first run of each question, alone, also warms the caches. A question slower than
    # the budget is timed that once; one whose query outlives the statement timeout is
    # cancelled by PostgreSQL. Both are reported and left out of the timed dashboard, which
    # would otherwise stall the benchmark for hours.
    questions = dict(questions)
    set_statement_timeout(timeout)
    for number, compute in sorted(questions.items()):
        started = time.perf_counter()
        try:
            compute(fresh(scope))
        except OperationalError as exc:
            if "statement timeout" not in str(exc):
                raise
            result.too_slow[number] = f"a query ran over the {timeout:.0f} s statement timeout"
        seconds = time.perf_counter() - started
        if number not in result.too_slow and seconds > budget:
            result.too_slow[number] = f"its one run took {seconds:.1f} s"
        print(f"  {label} · Q{number} first run: {seconds:.1f} s", file=sys.stderr, flush=True)
    set_statement_timeout(0)
    for number in result.too_slow:
        del questions[number]
    result.questions = sorted(questions)
    if questions:
        result.per_question = {number: Timing() for number in sorted(questions)}

        def dashboard(record=True):
            # Each question timed inside the dashboard's own runs: their sum is the page.
            current = fresh(scope)
            for number, compute in sorted(questions.items()):
                started = time.perf_counter()
                compute(current)
                if record:
                    result.per_question[number].seconds.append(time.perf_counter() - started)

        _, result.dashboard_queries = count_queries(lambda: dashboard(record=False))
        result.dashboard = Timing()
        for _ in range(runs):
            started = time.perf_counter()
            dashboard()
            result.dashboard.seconds.append(time.perf_counter() - started)
        result.page, result.page_workers = time_the_page(scope, questions, runs)
    with connection.cursor() as cursor:
        by_hand = Sql(cursor, sql_scope)
        for case in cases:
            orm_numbers, orm_timing = timed(lambda c=case: c.orm(scope), runs)
            sql_numbers, sql_timing = timed(lambda c=case: c.sql(by_hand), runs)
            left, right = normalized(orm_numbers), normalized(sql_numbers)
            equal = left == right
            detail = "" if equal else first_difference(left, right)
            result.cases.append(CaseResult(case, equal, orm_timing, sql_timing, detail))
            mark = "equal" if equal else f"DIFFERENT {detail}"
            print(
                f"  {label} · Q{case.question} {case.name}: ORM {orm_timing.median_ms:.1f} ms, "
                f"SQL {sql_timing.median_ms:.1f} ms, {mark}",
                file=sys.stderr,
                flush=True,
            )
    return result


# --- Report ---------------------------------------------------------------------------------


def table_counts() -> dict[str, int]:
    from maillage.demo.dataset_generator import count_rows

    return count_rows()


def report(args, results, period, organization, counts, missing, machine, loads) -> None:
    print("## Evaluation indicators\n")
    print(
        f"Machine: {machine}. Load average (1 min) before / after: {loads[0]:.1f} / {loads[1]:.1f}."
    )
    print(f"Period: {period.start} to {period.end}. Runs: {args.runs} (after one warm-up).\n")
    print("Rows: " + ", ".join(f"{count:,} {name}" for name, count in counts.items()) + ".\n")
    targets = {"province": 2000.0, "organization": 300.0}
    print("| Scope | How | Questions | Median (ms) | p95 (ms) | Target (ms) | Holds |")
    print("| --- | --- | --- | ---: | ---: | ---: | :---: |")
    for key, result in results.items():
        if result.dashboard is None:
            continue
        target = targets[key]
        numbers = ", ".join(str(n) for n in result.questions)
        if result.too_slow:
            numbers += " (not " + ", ".join(str(n) for n in result.too_slow) + ": too slow)"
        rows = [(f"one after the other ({result.dashboard_queries} queries)", result.dashboard)]
        if result.page is not None:
            rows.append((f"the dashboard page ({result.page_workers} at a time)", result.page))
        for how, timing in rows:
            holds = "yes" if timing.p95_ms < target and not result.too_slow else "**no**"
            print(
                f"| {result.label} | {how} | {numbers} | {timing.median_ms:.0f} | "
                f"{timing.p95_ms:.0f} | {target:.0f} | {holds} |"
            )
    print()
    for result in results.values():
        if not result.per_question:
            continue
        print(f"Per question, {result.label}: " + ", ".join(
            f"Q{n} {t.median_ms:.0f} ms (p95 {t.p95_ms:.0f})"
            for n, t in result.per_question.items()
        ) + ".\n")  # fmt: skip
    for result in results.values():
        print(f"### {result.label}\n")
        print(
            "| Q | Indicator | Same numbers | ORM median | ORM p95 | SQL median | SQL p95 | "
            "ORM ÷ SQL (median) |"
        )
        print("| ---: | --- | :---: | ---: | ---: | ---: | ---: | ---: |")
        for item in result.cases:
            ratio = item.orm.median_ms / item.sql.median_ms if item.sql.median_ms else math.nan
            flag = f"{ratio:.2f}×" if ratio <= 1.5 else f"**{ratio:.2f}×**"
            print(
                f"| {item.case.question} | {item.case.name} | "
                f"{'yes' if item.equal else '**NO**'} | {item.orm.median_ms:.1f} | "
                f"{item.orm.p95_ms:.1f} | {item.sql.median_ms:.1f} | {item.sql.p95_ms:.1f} | "
                f"{flag} |"
            )
        print()
    for result in results.values():
        for number, why in result.too_slow.items():
            print(f"- {result.label}: Q{number} left out of the timed dashboard, {why}.")
    print()
    if missing:
        print("Questions not benchmarked (they do not import yet):\n")
        for number, why in missing.items():
            print(f"- Q{number}: {why}")
        print()
    print(f"Organization measured: id {organization.pk} (the one with the most families).")


# --- Main -----------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--database", help="An existing database filled by generate_dataset.")
    source.add_argument(
        "--generate",
        choices=("tiny", "small", "province"),
        help="Generate this scale into a throwaway database (dropped at the end).",
    )
    parser.add_argument("--throwaway-name", default="maillage_bench_evaluation")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=7, help="Timed runs per measure.")
    parser.add_argument("--year", type=int, help="The period (default: the last full year).")
    parser.add_argument("--no-analyze", action="store_true", help="Skip VACUUM ANALYZE.")
    parser.add_argument(
        "--questions", default="1,2,3,4,5,6,7,8", help="The questions of the dashboard."
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=60,
        help="Seconds a query of a question may run before PostgreSQL cancels it.",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=20,
        help="A question whose first run takes longer is timed once, not in the dashboard.",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    database = args.database or args.throwaway_name
    if args.generate:
        create_database(database)
    try:
        prepare_environment(database_url(database))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections
        from django.db.models import Count, Max
        from django.utils import timezone

        from maillage.accompaniment.models import Contact
        from maillage.core.periods import Period
        from maillage.evaluation.scope import Scope
        from maillage.families.models import Family
        from maillage.organizations.models import Organization

        if args.generate:
            call_command("migrate", verbosity=0)
            call_command("generate_dataset", scale=args.generate, seed=args.seed, stdout=sys.stderr)
        if not args.no_analyze:
            connections.close_all()
            vacuum_analyze(database)
        last_day = Contact.objects.across_organizations(
            "benchmark: the whole generated dataset"
        ).aggregate(day=Max("date"))["day"]
        if last_day is None:
            print("The database holds no generated data.", file=sys.stderr)
            return 2
        period = Period.year(args.year or last_day.year - 1)
        largest = (
            Family.objects.across_organizations("benchmark: the largest organization")
            .values("organization")
            .annotate(families=Count("id"))
            .order_by("-families", "organization")
            .first()
        )
        organization = Organization.objects.get(pk=largest["organization"])
        zone = timezone.get_current_timezone_name()
        questions, missing = available_questions()
        wanted = {int(n) for n in args.questions.split(",") if n.strip()}
        questions = {n: compute for n, compute in questions.items() if n in wanted}
        cases = indicator_cases(zone, timezone.localdate())
        loads = [os.getloadavg()[0]]
        province = Scope.across_organizations(period)
        own = Scope.for_organization(organization, period)
        results = {
            "province": measure_scope(
                "Province (every organization, consenting families)",
                province,
                SqlScope(sorted(province.organization_ids), period.start, period.end, True),
                questions,
                cases,
                args.runs,
                args.timeout,
                args.budget,
            ),
            "organization": measure_scope(
                "One organization (all its families)",
                own,
                SqlScope([organization.pk], period.start, period.end, False),
                questions,
                cases,
                args.runs,
                args.timeout,
                args.budget,
            ),
        }
        loads.append(os.getloadavg()[0])
        report(
            args, results, period, organization, table_counts(), missing, machine_summary(), loads
        )
        different = [c for r in results.values() for c in r.cases if not c.equal]
        connections.close_all()
        if different:
            print(f"\n{len(different)} indicator(s) gave different numbers:", file=sys.stderr)
            for item in different:
                print(f"  Q{item.case.question} {item.case.name}: {item.detail}", file=sys.stderr)
            return 1
        return 0
    finally:
        if args.generate:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: S110 - Django may not be set up yet
                pass
            drop_database(database)
            print(f"Database {database} dropped.", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
