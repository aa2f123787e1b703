"""Print a fresh set of local development settings (used once by `make run`).

The keys are random and stay on this machine, in var/local.env, which git ignores.
"""

import secrets

from maillage.lib.crypto import generate_key


def local_environment() -> dict[str, str]:
    return {
        "DEBUG": "true",
        "DEMO_BANNER": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": generate_key(),
        "BLIND_INDEX_KEY": generate_key(),
    }


if __name__ == "__main__":
    for name, value in local_environment().items():
        print(f"{name}={value}")
