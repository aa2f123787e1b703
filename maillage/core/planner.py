"""PostgreSQL planner settings for the pages that aggregate many rows: the evaluation's
questions, the participation report, the team view.

``reporting_queries(settings)`` sets them for the session and resets them afterwards, on the
driver's connection: they are settings, not queries of the page, so they stay out of Django's
query log (and of the pinned query counts). In a transaction that failed, the reset is left to
the rollback, which undoes the ``SET`` too. SQLite: nothing to do.

Why (the measurements are in ``docs/benchmarks.md`` and decision 0008):

* ``JIT_OFF`` for every such page: their grouped queries cross ``jit_above_cost``, and
  compiling them costs far more than running them.
* ``ONE_ORGANIZATION`` for a page of one organization, whose few thousand rows are in memory:
  no parallel workers (starting one costs more than the work it would share) and index reads
  priced as memory reads, so the planner looks rows up instead of reading whole tables.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection
from psycopg.pq import TransactionStatus

JIT_OFF = {"jit": "off"}
ONE_ORGANIZATION = JIT_OFF | {"max_parallel_workers_per_gather": "0", "random_page_cost": "1.1"}


@contextmanager
def reporting_queries(settings: dict[str, str] = ONE_ORGANIZATION):
    """Run the block's queries with ``settings`` (names of this module's constants)."""
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    driver = connection.connection
    with driver.cursor() as cursor:
        for name, value in settings.items():
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
    try:
        yield
    finally:
        if driver.info.transaction_status != TransactionStatus.INERROR:
            with driver.cursor() as cursor:
                for name in settings:
                    # Names of this module's constants only, never user input.
                    cursor.execute(f"RESET {name}")  # nosec B608
