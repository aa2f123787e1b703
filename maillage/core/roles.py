"""The roles a membership gives, kept in the kernel so every floor can name them.

``maillage.accounts.models`` re-exports them with the memberships that hold them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PTP = "ptp", _("Outreach worker")
    PG = "pg", _("Manager")
    EVALUATOR = "evaluator", _("Evaluator")
    ADMIN = "admin", _("Platform administrator")


#: Roles held within one organization; the others are platform-wide.
ORGANIZATION_ROLES = frozenset({Role.PTP, Role.PG})
PLATFORM_ROLES = frozenset({Role.EVALUATOR, Role.ADMIN})
