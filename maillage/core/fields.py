"""Model fields for sensitive values: encrypted at rest, searchable only by a keyed index."""

from functools import lru_cache

from django.conf import settings
from django.db import models

from maillage.lib.crypto import FieldCipher, blind_index


@lru_cache(maxsize=4)
def _cipher(keys: tuple[str, ...]) -> FieldCipher:
    return FieldCipher(list(keys))


def field_cipher() -> FieldCipher:
    return _cipher(tuple(settings.FIELD_ENCRYPTION_KEYS))


def index_of(value: str | None) -> str:
    """The blind index of a value (empty for no value): compare, never decrypt."""
    return blind_index(value, settings.BLIND_INDEX_KEY) if value else ""


class EncryptedTextField(models.TextField):
    """Text stored encrypted with the newest key of FIELD_ENCRYPTION_KEYS.

    The database only ever sees tokens; lookups on the column are meaningless,
    which is why searchable values also get a blind index column.
    An empty value is stored as NULL.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return ""
        return field_cipher().decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return None
        return field_cipher().encrypt(value)

    def to_python(self, value):
        return "" if value is None else value
