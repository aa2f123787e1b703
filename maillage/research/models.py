"""The log of research extracts released to the steering committee.

A release records who produced an extract, when, for which period, under which version
of the disclosure rules, how many families it holds and how many were suppressed, the
levels of generalization chosen, and the SHA-256 of the file handed over. The file itself
is not kept: it is produced on demand and downloaded once (docs/disclosure.md says why).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExtractRelease(models.Model):
    """One research extract handed over. Platform data: it belongs to no organization."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    released_at = models.DateTimeField(_("released"), auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("released by"),
    )
    rules_version = models.CharField(_("version of the rules"), max_length=20)
    period_start = models.DateField(_("first day of the period"))
    period_end = models.DateField(_("last day of the period"))
    row_count = models.PositiveIntegerField(_("families in the extract"))
    suppressed_count = models.PositiveIntegerField(_("families suppressed"))
    levels = models.JSONField(_("levels of generalization"), default=dict)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)

    class Meta:
        ordering = ["-released_at", "-id"]
        verbose_name = _("research extract release")
        verbose_name_plural = _("research extract releases")

    @property
    def precision(self):
        from .extract import precision

        return precision(self.levels)

    def __str__(self):
        return f"{self.period_start:%Y-%m} – {self.period_end:%Y-%m} · {self.rules_version}"
