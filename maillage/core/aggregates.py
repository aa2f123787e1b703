"""``BitOr``: the bitwise OR of an integer column over a group, on PostgreSQL and SQLite.

The contacts keep their codes as bits (``maillage.core.taxonomy``); OR-ing a family's
contacts gives, in two integers, every type of intervention it received and every need
addressed for it. PostgreSQL has ``BIT_OR``; SQLite has no such aggregate, so each new
SQLite connection gets one of the same name (``register_sqlite_functions``, connected to
``connection_created`` by ``CoreConfig.ready``).
"""

from __future__ import annotations

from django.db.models import Aggregate, IntegerField


class BitOr(Aggregate):
    function = "BIT_OR"
    name = "BitOr"
    output_field = IntegerField()


class _SqliteBitOr:
    """SQLite's aggregate protocol: ``step`` for each row, ``finalize`` for the group.
    NULLs are skipped and a group of NULLs gives NULL, as PostgreSQL does."""

    def __init__(self):
        self.value = None

    def step(self, value):
        if value is not None:
            self.value = value if self.value is None else self.value | value

    def finalize(self):
        return self.value


def register_sqlite_functions(sender, connection, **kwargs):
    """``connection_created`` receiver: give a new SQLite connection ``BIT_OR``."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("BIT_OR", 1, _SqliteBitOr)
