from django.core.management import call_command
from django.db import connection

from maillage.families.models import Family
from maillage.families.services import set_identity
from maillage.lib.crypto import generate_key
from maillage.testing.builders import make_family

IDENTITY = [
    {"purpose": "file", "method": "verbal", "text_version": "2026-01"},
    {"purpose": "identity", "method": "verbal", "text_version": "2026-01"},
]


def _raw_nickname(family):
    with connection.cursor() as cursor:
        cursor.execute("SELECT nickname FROM families_family WHERE id = %s", [family.pk])
        return cursor.fetchone()[0]


def test_rotating_the_key_re_encrypts_and_still_reads(settings, org, ptp):
    old, new = generate_key(), generate_key()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    org.identity_enabled = True
    org.save(update_fields=["identity_enabled"])
    family = make_family(org, ptp, consents=IDENTITY)
    set_identity(
        ptp, family, nickname="Maëlle", phone="", address="", expected_version=family.version
    )
    before = _raw_nickname(family)
    assert "Maëlle" not in before

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_encryption_keys")
    after = _raw_nickname(family)
    assert after != before

    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone
    assert Family.objects.for_org(org).get(pk=family.pk).nickname == "Maëlle"
