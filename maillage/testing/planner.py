"""The PostgreSQL planner settings in force, for tests of ``maillage.core.planner``."""

from django.db import connection

from maillage.core.planner import ONE_ORGANIZATION

NAMES = sorted(ONE_ORGANIZATION)


def current_planner_settings() -> dict[str, str]:
    """{setting: value} of the settings the one-organization block changes, as they are now."""
    with connection.cursor() as cursor:
        values = []
        for name in NAMES:
            cursor.execute("SELECT current_setting(%s)", [name])
            values.append(cursor.fetchone()[0])
    return dict(zip(NAMES, values, strict=True))
