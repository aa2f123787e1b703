"""Configuration comes from the environment; a bad value stops the start, naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
VALID = {
    "SECRET_KEY": "x" * 50,
    "FIELD_ENCRYPTION_KEYS": "JSlIVJYOdjy0-nD0r5WtkAmmhXfqNhHf-u-LhTVCMSc=",
    "BLIND_INDEX_KEY": "q3Cj3wW9x2Ukm9d5C5G8Rk0P4cVJw8T2f0oZk1bqR7E=",
}


def _start(**variables):
    environ = {k: v for k, v in os.environ.items() if k not in VALID and k != "DEBUG"}
    environ.update(variables)
    environ["DJANGO_SETTINGS_MODULE"] = "maillage.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


def test_valid_configuration_starts():
    assert _start(**VALID).returncode == 0


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"DEBUG": "perhaps"}, "DEBUG"),
        ({"FIELD_ENCRYPTION_KEYS": "not-a-key"}, "FIELD_ENCRYPTION_KEYS"),
        ({"BLIND_INDEX_KEY": ""}, "BLIND_INDEX_KEY"),
        ({"SESSION_IDLE_MINUTES": "0"}, "SESSION_IDLE_MINUTES"),
        ({"DATABASE_URL": "mysql://localhost/x"}, "DATABASE_URL"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
    ],
)
def test_a_bad_value_stops_the_start_naming_the_variable(override, named):
    result = _start(**(VALID | override))
    assert result.returncode != 0
    assert "ConfigurationError" in result.stderr
    assert named in result.stderr.splitlines()[-1]


def test_production_defaults_are_strict(settings):
    from maillage import settings as module

    # Module-level defaults when DEBUG is off and HTTPS is not turned off.
    assert module.LANGUAGE_CODE == "fr-ca"
    assert module.TIME_ZONE == "America/Toronto"
    assert module.SESSION_COOKIE_AGE == 30 * 60
    assert module.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"]["min_length"] == 12


def test_the_deploy_check_passes_with_production_settings():
    # (The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE would rightly be flagged by the check.)
    excluded = ("HTTPS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environ = {k: v for k, v in os.environ.items() if k not in excluded}
    environ |= VALID | {
        "SECRET_KEY": "k" * 30 + "Zq8!x" * 6,
        "ALLOWED_HOSTS": "maillage.example.org",
        "EMAIL_HOST": "smtp.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"LOGIN_FAILURE_LIMIT": "five"}, "LOGIN_FAILURE_LIMIT"),
        ({"LOGIN_FAILURE_LIMIT": "5/15/ip"}, "LOGIN_FAILURE_LIMIT"),
        ({"LOGIN_FAILURE_LIMIT": "5/15m/user"}, "LOGIN_FAILURE_LIMIT"),
        ({"TIME_ZONE": "Quebec/Nowhere"}, "TIME_ZONE"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT"),
    ],
)
def test_values_that_would_break_later_are_refused_at_start(override, named):
    result = _start(**(VALID | override))
    assert result.returncode != 0
    assert named in result.stderr.splitlines()[-1]


def test_an_empty_boolean_keeps_the_safe_default():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.SESSION_COOKIE_SECURE)",
        ],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DEBUG"}
        | VALID
        | {"HTTPS": "", "DJANGO_SETTINGS_MODULE": "maillage.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True"


def test_debug_runs_without_a_secret_key():
    assert _start(**(VALID | {"SECRET_KEY": "", "DEBUG": "true"})).returncode == 0


def test_redis_can_hold_the_shared_cache():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is expected on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis on 127.0.0.1:6379")
    code = (
        "import django; django.setup(); from django.core.cache import cache; "
        "cache.set('maillage-test', 'ok', 5); print(cache.get('maillage-test'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=os.environ
        | VALID
        | {"REDIS_URL": "redis://127.0.0.1:6379/15", "DJANGO_SETTINGS_MODULE": "maillage.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "ok", result.stderr
