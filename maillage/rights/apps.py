from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "maillage.rights"
    verbose_name = _("The family's rights")
