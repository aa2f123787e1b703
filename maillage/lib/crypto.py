"""Authenticated field encryption with key rotation, and keyed blind indexes.

Keys come from the environment as a list, newest first. Values are encrypted
with the newest key (Fernet: AES-128-CBC + HMAC-SHA256, with a timestamp) and
decrypted with whichever key of the list opens them, so a key can be added at
the front, the data re-encrypted, then the old key removed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class InvalidKeyError(ValueError):
    """A configured key is not a valid Fernet key."""


def validate_keys(keys: list[str], variable: str) -> list[str]:
    if not keys:
        raise InvalidKeyError(f"{variable} must hold at least one key.")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError) as exc:
            raise InvalidKeyError(
                f"{variable}: key number {position} is not a url-safe base64 32-byte key "
                "(generate one with `python -m maillage.lib.crypto`)."
            ) from exc
    return keys


class FieldCipher:
    """Encrypts text with the first key; decrypts with any of them."""

    def __init__(self, keys: list[str]):
        self._fernet = MultiFernet([Fernet(key.encode("ascii")) for key in keys])

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken as exc:
            raise ValueError("The value cannot be decrypted with any configured key.") from exc

    def rotate(self, token: str) -> str:
        """Re-encrypt a token under the newest key."""
        return self._fernet.rotate(token.encode("ascii")).decode("ascii")


def normalize_for_index(value: str) -> str:
    """Case-, accent- and spacing-insensitive form used before hashing."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def blind_index(value: str, key: str) -> str:
    """A keyed HMAC of the normalized value: equality search without decryption."""
    digest = hmac.new(
        base64.urlsafe_b64decode(key.encode("ascii")),
        normalize_for_index(value).encode("utf-8"),
        hashlib.sha256,
    )
    return digest.hexdigest()


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


if __name__ == "__main__":  # pragma: no cover - a helper for operators
    print(generate_key())
