"""System checks of the accounts' configuration (run by manage.py and at gunicorn's start)."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def email_is_configured(app_configs, **kwargs):
    """Reset and invitation links must reach people, not the server's files or logs."""
    if settings.DEBUG or settings.EMAIL_HOST:
        return []
    return [
        Error(
            "E-mail is not configured: with DEBUG off, EMAIL_HOST is required.",
            hint=(
                "Set EMAIL_HOST (docs/configuration.md#email). Until then, messages, with their "
                "password-reset and invitation links, are written under MAILLAGE_VAR_DIR/mail/ "
                "for the operator only, never to the logs."
            ),
            id="maillage.accounts.E001",
        )
    ]
