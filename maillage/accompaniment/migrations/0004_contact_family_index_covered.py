"""Drop the contacts' index on their family alone: the (family, -date) index serves every
lookup by family. Django's own AlterField would drop and re-add the foreign key on PostgreSQL
(validating every contact again) and rebuild the table on SQLite; the index is all that
changes, so only the index is dropped (its name is Django's, the same on both databases)."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "accompaniment_contact_family_id_c538db1f"


class Migration(migrations.Migration):
    dependencies = [
        ("accompaniment", "0003_contact_code_bits"),
        ("families", "0002_family_milestone_dates"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="contact",
                    name="family",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contacts",
                        to="families.family",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    f'CREATE INDEX "{INDEX}" ON "accompaniment_contact" ("family_id")',
                ),
            ],
        ),
    ]
