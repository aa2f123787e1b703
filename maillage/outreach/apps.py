from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "maillage.outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from maillage.organizations.signals import organization_created

        organization_created.connect(_seed_strategies, dispatch_uid="maillage-outreach-seed")


def _seed_strategies(sender, organization, **kwargs):
    from .services import seed_strategies

    seed_strategies(organization)
