from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "maillage.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers the checks, connects the audit)
