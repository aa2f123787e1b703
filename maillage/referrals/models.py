"""Referrals, followed to their outcome (closed loop).

A referral links a family, a need and a service of the directory (or a partner outside it,
typed in). Its status moves along ``maillage/lib/referral_flow.py``; each move is one
``ReferralEvent``, never edited: the history is the evaluation's raw material.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.fields import EncryptedTextField
from maillage.core.taxonomy import Need
from maillage.core.tenancy import TenantModel
from maillage.lib import referral_flow as flow


class ReferralStatus(models.TextChoices):
    PROPOSED = flow.PROPOSED, _("Proposed")
    ACCEPTED = flow.ACCEPTED, _("Accepted by the family")
    REQUESTED = flow.REQUESTED, _("Request made")
    WAITING_LIST = flow.WAITING_LIST, _("On a waiting list")
    APPOINTMENT_SET = flow.APPOINTMENT_SET, _("Appointment set")
    RECEIVED = flow.RECEIVED, _("Service received")
    NOT_USED = flow.NOT_USED, _("Not used")
    REFUSED = flow.REFUSED, _("Refused by the service")
    WITHDRAWN = flow.WITHDRAWN, _("Withdrawn")


class NonUseReason(models.TextChoices):
    TRANSPORT = "transport", _("Transport")
    WAITING_TIME = "waiting_time", _("Waiting time")
    ELIGIBILITY = "eligibility", _("Eligibility criteria")
    LANGUAGE = "language", _("Language")
    COST = "cost", _("Cost")
    SCHEDULE = "schedule", _("Schedule")
    DISTRUST = "distrust", _("Distrust")
    MISSING_DOCUMENTS = "missing_documents", _("Missing documents")
    CHANGED_MIND = "changed_mind", _("The family changed its mind")
    UNREACHABLE = "unreachable", _("Could not reach the service")
    OTHER = "other", _("Other")


class Referral(TenantModel):
    """A family referred to a service for a need, and what came of it."""

    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="referrals"
    )
    # The family's organization, kept on the row so reports can group and filter referrals by
    # organization without joining families. It never differs from family.organization_id
    # (a family never changes organization). Filled from copies().
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        verbose_name=_("organization"),
        # The index is the composite one below, which starts with the organization: an
        # index of its own would tempt PostgreSQL into reading every row in its order.
        db_index=False,
    )
    need = models.CharField(_("need"), max_length=30, choices=Need.choices)
    service = models.ForeignKey(
        "partners.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("service"),
    )
    partner_name = models.CharField(_("partner outside the directory"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReferralStatus.choices,
        default=ReferralStatus.PROPOSED,
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    accompanied = models.BooleanField(_("accompanied by the worker"), default=False)
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    transport_provided = models.BooleanField(_("transport provided"), default=False)
    # True when the family's sharing consent did not cover the partner: the family was
    # given the information, and nothing about the family left the organization.
    information_only = models.BooleanField(_("information given to the family only"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The local day of creation, stored: "days to service" is then date arithmetic that
    # gives the same numbers on SQLite and PostgreSQL (no time zone conversion in SQL).
    created_on = models.DateField(default=timezone.localdate, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(service__isnull=False) | ~models.Q(partner_name=""),
                name="referral_names_a_service_or_partner",
            )
        ]
        indexes = [
            models.Index(fields=["status", "follow_up_on"]),
            models.Index(fields=["organization", "created_on"]),
        ]

    def __str__(self):
        return f"{self.get_need_display()} · {self.destination}"

    @staticmethod
    def copies(organization_id) -> dict:
        """The columns a referral copies from elsewhere, by attribute name: its family's
        organization. The one place they are computed: save(), the import's bulk writer and
        the dataset generator all take them from here."""
        return {"organization_id": organization_id}

    def save(self, *args, **kwargs):
        if self.organization_id is None:
            for column, value in self.copies(self.family.organization_id).items():
                setattr(self, column, value)
        super().save(*args, **kwargs)

    @property
    def destination(self) -> str:
        """Who the family is referred to, for display (the service and its partner)."""
        if self.service_id:
            return f"{self.service.partner.name} — {self.service.name}"
        return self.partner_name

    @property
    def partner_label(self) -> str:
        """The partner's name: what the family's sharing consent must name."""
        return self.service.partner.name if self.service_id else self.partner_name

    @property
    def is_open(self) -> bool:
        return self.status in flow.OPEN


class ReferralEvent(TenantModel):
    """One change of a referral's status: dated, by whom, why. Appended, never edited."""

    organization_path = "referral__organization"
    uuid = None  # never named in a URL

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    reason = models.CharField(_("reason"), max_length=30, choices=NonUseReason.choices, blank=True)
    # Sensitive: same visibility as a contact's note.
    note = EncryptedTextField(_("note"))
    on = models.DateField(_("on"), default=timezone.localdate)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["on", "at", "id"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        # The evaluation reads the outcome events (received, not used, refused) of a
        # period's referrals: a few percent of the events, found here without a full scan.
        indexes = [models.Index(fields=["to_status", "referral"])]

    def __str__(self):
        return f"{self.on} · {self.get_to_status_display()}"
