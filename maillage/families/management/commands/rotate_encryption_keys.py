from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from maillage.audit.services import record_event
from maillage.core.fields import EncryptedTextField


def encrypted_fields():
    """(model, [field names]) for every model with encrypted columns."""
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            yield model, names


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value under the newest key of FIELD_ENCRYPTION_KEYS. "
        "Run it after putting a new key first in the list; then the old key can be removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        for model, names in encrypted_fields():
            manager = model._base_manager  # every row, whatever the organization
            count = 0
            with transaction.atomic():
                # Rows are locked while they are rewritten: an edit made meanwhile waits
                # instead of being overwritten with the value read before it.
                rows = manager.select_for_update().only("pk", *names)
                for row in rows.iterator(chunk_size=batch_size):
                    # Reading decrypts with any key; saving encrypts with the newest.
                    row.save(update_fields=names)
                    count += 1
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted.")
        record_event(None, "security.keys.rotated", changed_fields=["FIELD_ENCRYPTION_KEYS"])
