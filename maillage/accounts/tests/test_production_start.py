"""The production start: e-mail must be configured (finding 7), gunicorn names no server (10)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.core import mail

from maillage.accounts.mail import OperatorFileBackend

ROOT = Path(__file__).resolve().parents[3]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _environment(**variables):
    # The suite's own variables (keys, plain HTTP), as an operator would give them, DEBUG off.
    excluded = ("DEBUG", "EMAIL_HOST", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
    environ = {k: v for k, v in os.environ.items() if k not in excluded}
    return environ | {"DJANGO_SETTINGS_MODULE": "maillage.settings"} | variables


def _manage(*args, **variables):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_environment(**variables),
        capture_output=True,
        text=True,
        check=False,
    )


def _email_backend(**variables):
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.EMAIL_BACKEND)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_environment(**variables),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_without_an_smtp_server_the_checks_refuse_a_production_start():
    refused = _manage("check", "--deploy")
    assert refused.returncode != 0
    assert "maillage.accounts.E001" in refused.stderr
    assert _manage("migrate", "--check", "--plan").returncode != 0  # any command, not only deploy
    configured = _manage("check", "--deploy", EMAIL_HOST="smtp.example.org")
    assert "maillage.accounts.E001" not in configured.stderr + configured.stdout


def test_make_run_with_debug_on_still_prints_mail_to_the_console():
    result = _manage("check", DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert _email_backend(DEBUG="true") == "django.core.mail.backends.console.EmailBackend"


def test_without_smtp_and_debug_off_mail_goes_to_files_only_the_operator_reads(tmp_path, capsys):
    assert _email_backend() == "maillage.accounts.mail.OperatorFileBackend"
    folder = tmp_path / "mail"
    backend = OperatorFileBackend(file_path=str(folder))
    message = mail.EmailMessage("Reset", "https://example.org/reset/secret-token/", to=["a@b.c"])
    assert backend.send_messages([message]) == 1
    (written,) = folder.iterdir()
    assert "secret-token" in written.read_text()
    assert folder.stat().st_mode & 0o777 == 0o700
    assert written.stat().st_mode & 0o777 == 0o600
    assert "secret-token" not in capsys.readouterr().out


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn(port, **variables):
    return subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=_environment(**variables),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_gunicorn_answers_without_naming_itself():
    port = _free_port()
    server = _gunicorn(port, EMAIL_HOST="smtp.example.org")
    try:
        response = None
        for _ in range(300):  # wait for the worker to listen (not a timing assertion)
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/comptes/login/")
                break
            except OSError:
                assert server.poll() is None, server.communicate()[1]
                time.sleep(0.1)
        assert response is not None and response.status == 200
        assert response.headers.get("Server") is None
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_gunicorn_refuses_to_start_without_e_mail():
    server = _gunicorn(_free_port())
    _, errors = server.communicate(timeout=120)
    assert server.returncode != 0
    assert "maillage.accounts.E001" in errors
