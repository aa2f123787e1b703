import pytest
from hypothesis import given
from hypothesis import strategies as st

from maillage.lib.crypto import (
    FieldCipher,
    InvalidKeyError,
    blind_index,
    generate_key,
    normalize_for_index,
    validate_keys,
)

OLD, NEW = generate_key(), generate_key()


@given(st.text())
def test_what_is_encrypted_decrypts_to_the_same_text(text):
    cipher = FieldCipher([NEW])
    token = cipher.encrypt(text)
    assert text == cipher.decrypt(token)


def test_the_stored_token_does_not_show_the_text():
    token = FieldCipher([NEW]).encrypt("Maëlle Desrosiers, 514-555-0100")
    assert "Desrosiers" not in token and "555-0100" not in token


def test_rotation_reads_old_values_and_rewrites_them_under_the_new_key():
    old_token = FieldCipher([OLD]).encrypt("Maëlle")
    rotated = FieldCipher([NEW, OLD])
    assert rotated.decrypt(old_token) == "Maëlle"
    new_token = rotated.rotate(old_token)
    assert FieldCipher([NEW]).decrypt(new_token) == "Maëlle"
    with pytest.raises(ValueError, match="cannot be decrypted"):
        FieldCipher([OLD]).decrypt(new_token)


def test_tampered_values_are_refused():
    token = FieldCipher([NEW]).encrypt("555-0100")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(ValueError):
        FieldCipher([NEW]).decrypt(tampered)


def test_blind_index_ignores_case_accents_and_spacing_but_depends_on_the_key():
    assert normalize_for_index("  Émélie   DUPRÉ ") == "emelie dupre"
    assert blind_index("Émélie", NEW) == blind_index("emelie", NEW)
    assert blind_index("Émélie", NEW) != blind_index("Émélie", OLD)
    assert blind_index("Émélie", NEW) != blind_index("Amélie", NEW)


def test_bad_keys_are_refused_naming_the_variable():
    with pytest.raises(InvalidKeyError, match="FIELD_ENCRYPTION_KEYS: key number 2"):
        validate_keys([NEW, "short"], "FIELD_ENCRYPTION_KEYS")
    with pytest.raises(InvalidKeyError, match="at least one key"):
        validate_keys([], "FIELD_ENCRYPTION_KEYS")
