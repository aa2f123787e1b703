"""gunicorn's settings for production (docs/configuration.md, "A production example").

gunicorn reads this file from the project folder: `gunicorn -c gunicorn.conf.py`.
"""

import os

from gunicorn.http import wsgi

wsgi_app = "maillage.wsgi:application"
bind = "127.0.0.1:8000"


def _without_server_header(default_headers):
    # gunicorn has no setting for it: "Server: gunicorn" would tell a prober which server
    # and which known flaws to try, so its status line is kept and that header dropped.
    def headers(response):
        return [line for line in default_headers(response) if not line.startswith("Server:")]

    return headers


wsgi.Response.default_headers = _without_server_header(wsgi.Response.default_headers)


def on_starting(server):
    """Refuse to start on a configuration Django's system checks reject (e-mail, …)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("check", deploy=True, fail_level="ERROR")
