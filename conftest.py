"""Shared pytest configuration: the personas live in maillage/testing/fixtures.py."""

import pytest

pytest_plugins = ["maillage.testing.fixtures", "maillage.testing.browser"]


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    # Fast hashing in tests; the real hashers are exercised by Django itself.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Login throttling counts in the cache: each test starts with a clean slate.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _collected_static_files(django_db_blocker):
    """Serve static files as production does (hashed manifest, WhiteNoise)."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("collectstatic", "--noinput", verbosity=0)
