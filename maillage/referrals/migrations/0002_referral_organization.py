"""Carry the family's organization on every referral (denormalized for the reports).

The column is added nullable, filled from the family with one correlated UPDATE (the same SQL
on SQLite and PostgreSQL), then made required and indexed with the referral's day.
"""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
UPDATE referrals_referral SET organization_id = (
    SELECT families_family.organization_id FROM families_family
    WHERE families_family.id = referrals_referral.family_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("families", "0001_initial"),
        ("organizations", "0003_alter_organization_stale_after_weeks"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="organization",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="organizations.organization",
                verbose_name="organization",
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop, elidable=False),
        migrations.AlterField(
            model_name="referral",
            name="organization",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="organizations.organization",
                verbose_name="organization",
            ),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["organization", "created_on"], name="referrals_r_organiz_b9b266_idx"
            ),
        ),
    ]
