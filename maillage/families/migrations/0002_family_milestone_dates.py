"""Two milestones of each family's path on its row: when the file was opened and when the
family was first accompanied (denormalized from the status history for the reports).

The columns are added nullable, filled from ``families_statuschange`` with one correlated
UPDATE (the same SQL on SQLite and PostgreSQL), then ``opened_on`` is indexed with the
organization (new families per period).
"""

from django.db import migrations, models

BACKFILL = """
UPDATE families_family SET
    opened_on = (
        SELECT MIN(s.changed_on) FROM families_statuschange s
        WHERE s.family_id = families_family.id AND s.from_status = ''
    ),
    accompanied_on = (
        SELECT MIN(s.changed_on) FROM families_statuschange s
        WHERE s.family_id = families_family.id AND s.to_status = 'accompanied'
    )
"""


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="family",
            name="opened_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="file opened on"
            ),
        ),
        migrations.AddField(
            model_name="family",
            name="accompanied_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="first accompanied on"
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop, elidable=False),
        migrations.AddIndex(
            model_name="family",
            index=models.Index(
                fields=["organization", "opened_on"], name="families_fa_organiz_f73c92_idx"
            ),
        ),
    ]
