"""The register of service gaps (trous de services).

A gap is a need that families of a territory cannot get met, and why. Gaps are suggested
from referrals not used or refused for a structural reason (``services.suggest_gaps``),
then confirmed, merged or dismissed by the manager, or raised by hand.

The families affected are *counted*, never listed: the link to referrals exists only to
count distinct families, and no page shows which families they are.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.core.taxonomy import Need
from maillage.core.tenancy import TenantModel


class Cause(models.TextChoices):
    NO_SERVICE = "no_service", _("No service")
    WAITING_LIST = "waiting_list", _("Waiting list")
    TRANSPORT = "transport", _("Transport")
    ELIGIBILITY = "eligibility", _("Eligibility criteria")
    LANGUAGE = "language", _("Language")
    COST = "cost", _("Cost")
    SCHEDULE = "schedule", _("Schedule")


class GapStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")
    RESOLVED = "resolved", _("Resolved")


class ServiceGap(TenantModel):
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="service_gaps",
        verbose_name=_("raised by"),
    )
    need = models.CharField(_("need"), max_length=30, choices=Need.choices)
    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    mrc = models.CharField(_("MRC"), max_length=150, blank=True)
    region = models.ForeignKey(
        "organizations.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administrative region"),
    )
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices)
    description = models.TextField(_("description"), blank=True)
    # Families known to the organization but not behind a referral (told at a table, seen
    # during outreach): a number, never names.
    families_added = models.PositiveIntegerField(
        _("other families affected"),
        default=0,
        help_text=_("Families affected that no referral of Maillage records."),
    )
    raised_at_table_on = models.DateField(
        _("raised at the table de concertation on"), null=True, blank=True
    )
    action_taken = models.TextField(_("action taken"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GapStatus.choices, default=GapStatus.SUGGESTED
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_gaps",
        verbose_name=_("merged into"),
    )
    # Only to count distinct families; never displayed.
    referrals = models.ManyToManyField(
        "referrals.Referral", related_name="service_gaps", blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("service gap")
        verbose_name_plural = _("service gaps")
        constraints = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=False) | ~Q(mrc="") | Q(region__isnull=False),
                name="service_gap_has_a_territory",
            )
        ]

    def __str__(self):
        return f"{self.get_need_display()} · {self.territory} · {self.get_cause_display()}"

    @property
    def territory(self) -> str:
        """The most precise territory named: municipality, then MRC, then region."""
        if self.municipality_id:
            return self.municipality.name
        if self.mrc:
            return self.mrc
        return self.region.name if self.region_id else ""
