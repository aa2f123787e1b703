from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "maillage.core"
    verbose_name = _("Core")

    def ready(self):
        from . import lookups  # noqa: F401  (registers JSONField's ``holds`` lookup)
