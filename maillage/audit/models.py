from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.tenancy import TenantManager, TenantModel, TenantQuerySet


class AppendOnlyError(RuntimeError):
    """Audit events are never changed or deleted by the application."""


class AuditEventQuerySet(TenantQuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be updated.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def bulk_create(self, *args, **kwargs):
        # A bulk insert would skip the hash chain that save() extends.
        raise AppendOnlyError("Audit events are written one by one, through record_event.")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be updated.")

    def platform(self):
        """Events that belong to no organization (platform administration)."""
        return self.filter(organization__isnull=True)._mark_scoped()


class AuditEvent(TenantModel):
    """Who did what to which object, when; names of changed fields, never their values."""

    # Set before the insert (not auto_now_add) because the time is part of the hash.
    occurred_at = models.DateTimeField(
        _("when"), default=timezone.now, editable=False, db_index=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_uuid = models.UUIDField(_("object"), null=True, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    # The hash chain (maillage/audit/chain.py): each event's hash covers the hash of the event
    # before it in the same organization's chain, so a row changed or removed by hand breaks it.
    previous_hash = models.CharField(max_length=64, editable=False, default="")
    hash = models.CharField(max_length=64, editable=False, default="")

    objects = TenantManager.from_queryset(AuditEventQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["organization", "-occurred_at"]),
            # The head of an organization's chain, read on every audited write (chain.py).
            models.Index(fields=["organization", "-id"]),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        from .chain import sealed_insert

        sealed_insert(self, lambda: super(AuditEvent, self).save(*args, **kwargs))

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")


class ChainVerification(TenantModel):
    """One full verification of one chain by ``verify_audit_chain``: when, how many events,
    intact or where it broke, and the head it reached. The organization's log page verifies
    only the events written after the head of the last intact verification (``chain.py``),
    so that its cost does not grow with the years of log."""

    uuid = None  # never named in a URL

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)
    checked = models.PositiveIntegerField(_("events verified"))
    #: The last event found intact (none for an empty chain) and its hash.
    head_id = models.BigIntegerField(null=True, blank=True)
    head_hash = models.CharField(max_length=64)
    intact = models.BooleanField(_("intact"))
    #: Where it broke, as the command says it (``Break.describe``); empty when intact.
    broken = models.TextField(_("first broken link"), blank=True)

    class Meta(TenantModel.Meta):
        verbose_name = _("audit chain verification")
        verbose_name_plural = _("audit chain verifications")
        indexes = [models.Index(fields=["organization", "-id"])]

    def __str__(self):
        return f"{self.verified_at:%Y-%m-%d %H:%M} {'intact' if self.intact else 'broken'}"
