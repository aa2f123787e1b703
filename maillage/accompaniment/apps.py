from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccompanimentConfig(AppConfig):
    name = "maillage.accompaniment"
    verbose_name = _("Accompaniment")

    def ready(self):
        from maillage.families import page

        from . import sections

        for section in (
            sections.PLAN,
            sections.CONTACTS,
        ):
            page.register(section)
