"""Loaded by pytest with ``-p`` before Django reads its settings.

Gives the test run the configuration that an operator would give through the
environment (fixed, public test keys; plain HTTP on the loopback). Values
already in the environment win, so CI can point DATABASE_URL at PostgreSQL.
"""

import os
import tempfile

_TEST_ENVIRONMENT = {
    "SECRET_KEY": "test-secret-key-not-for-production",
    # Two keys: the newest encrypts, the older one still decrypts (rotation tests).
    "FIELD_ENCRYPTION_KEYS": (
        "JSlIVJYOdjy0-nD0r5WtkAmmhXfqNhHf-u-LhTVCMSc=,5mN0yY8cBoBa7S2S2gW6M3qTzw2k0vQ-ViPwu4Kb2EA="
    ),
    "BLIND_INDEX_KEY": "q3Cj3wW9x2Ukm9d5C5G8Rk0P4cVJw8T2f0oZk1bqR7E=",
    "HTTPS": "false",
    # The live server's thread must not keep a connection that blocks dropping the test database.
    "DATABASE_CONN_MAX_AGE": "0",
    # Each run collects static files into its own folder: parallel runs never collide.
    "MAILLAGE_VAR_DIR": tempfile.mkdtemp(prefix="maillage-test-"),
}

for _name, _value in _TEST_ENVIRONMENT.items():
    os.environ.setdefault(_name, _value)

# Under pytest-xdist each worker inherits the folder of the process that started it: give
# each its own below it, so that two workers never collect static files into one folder.
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker:
    _own = os.path.join(os.environ["MAILLAGE_VAR_DIR"], _worker)
    os.makedirs(_own, exist_ok=True)
    os.environ["MAILLAGE_VAR_DIR"] = _own
