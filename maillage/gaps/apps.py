from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GapsConfig(AppConfig):
    name = "maillage.gaps"
    verbose_name = _("Service gaps")

    def ready(self):
        from maillage.referrals.signals import referral_not_received

        referral_not_received.connect(_suggest_gaps, dispatch_uid="maillage-gaps-suggest")


def _suggest_gaps(sender, referral, actor, **kwargs):
    from .services import suggest_gaps

    suggest_gaps(referral.organization, actor)
