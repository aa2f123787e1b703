"""What the benchmark scripts share: the local PostgreSQL, the settings they run Django with,
the nearest-rank percentile, counting queries, and the line that describes the machine.

Imported by the scripts as ``bench.common`` once they have put the project's folder on
``sys.path`` (they are run as ``.venv/bin/python bench/<name>.py``)."""

from __future__ import annotations

import math
import os
import secrets
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import psycopg

from maillage.lib.crypto import generate_key

ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def database_url(name: str, *, read_only: bool = False) -> str:
    """The local database ``name``; ``read_only``: every transaction of the connection is
    read-only (a script that measures and never writes)."""
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    return f"{url}?options=-c%20default_transaction_read_only%3Don" if read_only else url


def admin_connection():
    return psycopg.connect(ADMIN_DSN, autocommit=True)


def create_database(name: str) -> None:
    with closing(admin_connection()) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with closing(admin_connection()) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def vacuum_analyze(name: str) -> None:
    """Fresh planner statistics, as autovacuum would give shortly after the load."""
    dsn = f"host=127.0.0.1 port=5432 user=postgres dbname={name}"
    with closing(psycopg.connect(dsn, autocommit=True)) as connection:
        connection.execute("VACUUM (ANALYZE)")


def prepare_environment(url: str, **extra: str) -> None:
    """Production-like settings (DEBUG off) on the database at ``url``, with keys generated
    for this run only (the settings require them), plus ``extra`` variables."""
    os.environ.pop("DEBUG", None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "maillage.settings",
            "DATABASE_URL": url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEYS": generate_key(),
            "BLIND_INDEX_KEY": generate_key(),
            "HTTPS": "false",
            "LOG_LEVEL": "WARNING",
            **extra,
        }
    )


def nearest_rank(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def count_queries(function: Callable) -> tuple[object, int]:
    """``(what function returns, how many queries it ran on the default connection)``."""
    from django.db import connection

    calls = []

    def wrapper(execute, sql, params, many, context):
        calls.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        result = function()
    return result, len(calls)


def machine_summary() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kilobytes = int(meminfo.read_text().split()[1])
        memory = f", {kilobytes / 1024 / 1024:.0f} GiB of memory"
    return f"{os.cpu_count()} CPUs{memory}; PostgreSQL {server}; Python {sys.version.split()[0]}"
