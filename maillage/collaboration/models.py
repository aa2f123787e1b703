"""Work with partners: the collaboration log and out-of-mandate ("bouche-trou") requests.

The worker is a bridge between partners too (*maillage territorial*): a collaboration
records who was there and which partners she connected with each other; an out-of-mandate
request records what a partner asked of her and the time it took, so the manager can
defend the role.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.tenancy import TenantModel


class CollaborationKind(models.TextChoices):
    CONCERTATION_TABLE = "table", _("Table de concertation")
    PARTNER_MEETING = "meeting", _("Partner meeting")
    JOINT_ACTIVITY = "joint_activity", _("Joint activity")
    OTHER = "other", _("Other")


class Collaboration(TenantModel):
    """A table, a meeting or a joint activity with partners."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("worker"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=20, choices=CollaborationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    subjects = models.TextField(_("subjects"), blank=True)
    partners = models.ManyToManyField(
        "partners.Partner", blank=True, related_name="+", verbose_name=_("partners present")
    )
    other_partners = models.CharField(_("other partners present"), max_length=500, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["-date", "-created_at", "-id"]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")

    def __str__(self):
        return self.title


class Connection(TenantModel):
    """Two partners the worker connected with each other during a collaboration.

    Stored once per pair, ``partner_a`` having the smaller id, so a pair is never counted twice.
    """

    organization_path = "collaboration__organization"
    uuid = None  # never named in a URL

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="connections"
    )
    partner_a = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    partner_b = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")

    class Meta(TenantModel.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "partner_a", "partner_b"], name="one_connection_per_pair"
            ),
            models.CheckConstraint(
                condition=models.Q(partner_a__lt=models.F("partner_b")),
                name="connection_pair_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.partner_a} ↔ {self.partner_b}"


class RequestKind(models.TextChoices):
    INTERPRETATION = "interpretation", _("Translation or interpretation at a partner's service")
    EVENT_STAFFING = "event", _("Staffing an event")
    TRANSPORT = "transport", _("Transport")
    REPLACING_STAFF = "replacing_staff", _("Replacing a partner's staff")
    OTHER = "other", _("Other")


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class OutOfMandateRequest(TenantModel):
    """Something a partner asked of the worker outside her mandate, and the time it took."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("worker"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner"),
    )
    partner_name = models.CharField(_("partner outside the directory"), max_length=200, blank=True)
    kind = models.CharField(_("what was asked"), max_length=20, choices=RequestKind.choices)
    description = models.TextField(_("description"), blank=True)
    minutes_spent = models.PositiveIntegerField(_("time spent (minutes)"), default=0)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["-date", "-created_at", "-id"]
        verbose_name = _("out-of-mandate request")
        verbose_name_plural = _("out-of-mandate requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(partner__isnull=False) | ~models.Q(partner_name=""),
                name="out_of_mandate_names_a_partner",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.partner_label}"

    @property
    def partner_label(self) -> str:
        return self.partner.name if self.partner_id else self.partner_name
