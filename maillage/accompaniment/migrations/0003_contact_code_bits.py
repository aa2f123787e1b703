"""Copy every contact's needs and types of intervention as bits (decision 0008).

The two columns are added with 0, then filled from the JSON lists with one UPDATE, in SQL
built from the maps below. They are copies of ``maillage.core.taxonomy.NEED_BITS`` and
``INTERVENTION_BITS`` as they were when this migration was written, frozen on purpose: a
migration must do the same thing forever, whatever codes the live maps gain later (a code
added since has no row to fill here; ``Contact.save()`` sets its bit from then on).

Each code's bit is set where the list holds the code, the same test as the ``holds`` lookup:

* PostgreSQL: ``((needs ? 'housing')::int << 0) | ((needs ? 'food')::int << 1) | …``;
* SQLite: ``((EXISTS (SELECT 1 FROM json_each(needs) WHERE json_each.value = 'housing')) << 0)
  | …``.

Every term is in parentheses: ``<<`` and ``|`` have the same precedence, left to right, on
both databases (``a << 0 | b << 1`` would shift ``a | b``).
"""

from django.db import migrations, models

NEED_BITS = {
    "housing": 0, "food": 1, "furniture": 2, "income_admin": 3, "transport": 4,
    "physical_health": 5, "mental_health": 6, "child_development": 7, "parent_child": 8,
    "childcare": 9, "education": 10, "immigration_legal": 11, "safety": 12,
    "social_network": 13, "employment": 14, "other": 15,
}  # fmt: skip
INTERVENTION_BITS = {
    "listening": 0, "information": 1, "accompaniment": 2, "procedures": 3, "mediation": 4,
    "translation": 5, "referral": 6, "material_help": 7, "parent_child_activity": 8, "other": 9,
}  # fmt: skip

#: Whether a column's list holds the code given as a parameter: 1 or 0 (an integer).
HOLDS = {
    "postgresql": "({column} ? %s)::int",
    "sqlite": (
        "(EXISTS (SELECT 1 FROM json_each(accompaniment_contact.{column}) "
        "WHERE json_each.value = %s))"
    ),
}


def bits_sql(vendor: str, column: str, bits: dict[str, int]) -> tuple[str, list[str]]:
    """The expression of ``column``'s bits, and its parameters (the codes)."""
    holds = HOLDS[vendor].format(column=column)
    ordered = sorted(bits.items(), key=lambda item: item[1])
    terms = [f"({holds} << {int(bit)})" for _code, bit in ordered]
    return " | ".join(terms), [code for code, _bit in ordered]


def backfill_sql(vendor: str) -> tuple[str, list[str]]:
    needs, need_codes = bits_sql(vendor, "needs", NEED_BITS)
    interventions, intervention_codes = bits_sql(vendor, "interventions", INTERVENTION_BITS)
    # Safe: the SQL is made of the constants above, column names written here and integers;
    # the codes are parameters.
    columns = f"needs_bits = {needs}, interventions_bits = {interventions}"
    sql = f"UPDATE accompaniment_contact SET {columns}"  # noqa: S608  # nosec B608
    return sql, [*need_codes, *intervention_codes]


def backfill(apps, schema_editor):
    sql, params = backfill_sql(schema_editor.connection.vendor)
    schema_editor.execute(sql, params)


class Migration(migrations.Migration):
    dependencies = [
        ("accompaniment", "0002_contact_organization"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="interventions_bits",
            field=models.IntegerField(
                default=0, editable=False, verbose_name="types of intervention (copy for the statistics)"
            ),
        ),
        migrations.AddField(
            model_name="contact",
            name="needs_bits",
            field=models.IntegerField(default=0, editable=False, verbose_name="needs addressed (copy for the statistics)"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
    ]
