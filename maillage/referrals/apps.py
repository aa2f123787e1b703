from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "maillage.referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from maillage.families import page

        from . import sections

        for section in (sections.REFERRALS,):
            page.register(section)
