from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GapsConfig(AppConfig):
    name = "maillage.gaps"
    verbose_name = _("Service gaps")
