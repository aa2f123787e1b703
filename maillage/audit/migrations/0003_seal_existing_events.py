"""Seal the events written before the hash chain existed, oldest first, chain by chain.

It reuses the chain's own serialization (maillage/audit/chain.py) so that what the backfill
writes is what the verifier checks; a later change of that serialization needs its own
migration that reseals the rows.
"""

from django.db import migrations

from maillage.audit.chain import GENESIS, HASHED_FIELDS, link_hash


def seal(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    events = AuditEvent.unscoped_objects.using(schema_editor.connection.alias)
    heads = {}
    rows = events.order_by("id").values("id", "hash", *HASHED_FIELDS)
    for row in rows.iterator(chunk_size=2000):
        if row["hash"]:
            # Sealed already (the migration applied again after being unapplied): resealing
            # would hide a change made since. Its hash is where its chain goes on.
            heads[row["organization_id"]] = row["hash"]
            continue
        previous = heads.get(row["organization_id"], GENESIS)
        digest = link_hash(previous, row)
        # The historical model's plain manager: the append-only guard of the real model
        # is not in the way of this one-time sealing, and the trigger comes after it.
        events.filter(id=row["id"]).update(previous_hash=previous, hash=digest)
        heads[row["organization_id"]] = digest


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_hash_chain"),
    ]

    operations = [
        migrations.RunPython(seal, migrations.RunPython.noop, elidable=False),
    ]
