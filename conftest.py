"""Shared pytest configuration: the personas live in maillage/testing/fixtures.py."""

import pytest
from hypothesis import settings as hypothesis_settings

# Speed is measured by bench/, never by a test: a busy machine must not fail a property.
hypothesis_settings.register_profile("maillage", deadline=None)
hypothesis_settings.load_profile("maillage")

pytest_plugins = ["maillage.testing.fixtures", "maillage.testing.browser"]


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    # Fast hashing in tests; the real hashers are exercised by Django itself.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Login throttling counts in the cache: each test starts with a clean slate.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a test that switches language (a
    request with the language cookie, ``translation.activate``) cannot leave the next test,
    in the same process, rendering in the other one."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _collected_static_files(django_db_blocker):
    """Serve static files as production does (hashed manifest, WhiteNoise), but without
    the gzip and Brotli copies: compressing them was 2 s of every test process, and a
    missing file still fails the page, the manifest being as strict."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    compressed = "whitenoise.storage.CompressedManifestStaticFilesStorage"
    manifest = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    storages = settings.STORAGES
    if storages["staticfiles"]["BACKEND"] == compressed:
        storages = {**storages, "staticfiles": {"BACKEND": manifest}}
    with override_settings(STORAGES=storages):
        with django_db_blocker.unblock():
            call_command("collectstatic", "--noinput", verbosity=0)
        yield


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end connections that threads left open.

    The live server answers the browser from request threads; on PostgreSQL one of
    their connections can outlive the session and keep the database from being dropped.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
