"""An upload of history: checked first, then imported on confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.tenancy import TenantModel


class ImportStatus(models.TextChoices):
    CHECKED = "checked", _("Checked, waiting for confirmation")
    IMPORTED = "imported", _("Imported")


class HistoryImport(TenantModel):
    """One file of history for one organization.

    The confirmation imports the bytes kept here, checked again, never a second upload: what
    is written is exactly what was checked (``sha256`` ties the confirmation to the report
    the person read). The bytes are dropped once imported, and a check left unconfirmed
    is deleted after a day (``services.PENDING_HOURS``).
    """

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField(null=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKED
    )
    #: Rows per sheet: what would be created (checked), or what was (imported).
    counts = models.JSONField(default=dict)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta(TenantModel.Meta):
        ordering = ["-created_at"]
        verbose_name = _("history import")
        verbose_name_plural = _("history imports")

    def __str__(self):
        return self.filename
