"""``holds``: a JSON list of codes holds one code, on PostgreSQL and SQLite alike; and
``hasbit``: a bit of an integer is set (the codes' bits, ``maillage.core.taxonomy``).

Several models keep short lists of codes in a ``JSONField`` (a family's isolation
dimensions, a contact's needs and types of intervention, a service's needs). Django's own
``__contains`` is PostgreSQL-only, and matching the list's text (``'"food"'``) costs a cast
of every row to text on PostgreSQL. ``Q(needs__holds="food")`` compiles to what each
database does best:

* PostgreSQL: ``needs ? 'food'`` — jsonb's "is this string a top-level element" operator,
  evaluated on the stored binary form (measured on the province dataset: a fifth of the
  cost of the text match, and cheaper than ``@>``);
* SQLite: ``EXISTS (SELECT 1 FROM json_each(needs) WHERE value = 'food')``.

Both match whole elements only: ``"other"`` does not match inside ``"other_need"``.
"""

from __future__ import annotations

from django.db.models import IntegerField, JSONField, Lookup


@JSONField.register_lookup
class Holds(Lookup):
    lookup_name = "holds"
    prepare_rhs = False  # a plain code, not a JSON document

    def get_db_prep_lookup(self, value, connection):
        return "%s", [str(value)]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} ? {rhs})", [*lhs_params, *rhs_params]

    def as_sql(self, compiler, connection):  # SQLite (the two databases Maillage runs on)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        # lhs: the column's SQL from Django; rhs: a placeholder. Values are parameters.
        return (
            f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = {rhs})",  # noqa: S608  # nosec B608
            [*lhs_params, *rhs_params],
        )


@IntegerField.register_lookup
class HasBit(Lookup):
    """``Q(needs_bits__hasbit=3)``: bit 3 of the integer is set. The same SQL on both
    databases: ``(needs_bits & 8) <> 0``."""

    lookup_name = "hasbit"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [1 << int(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"(({lhs} & {rhs}) <> 0)", [*lhs_params, *rhs_params]
