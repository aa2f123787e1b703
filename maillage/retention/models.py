"""Retention and destruction (s. 23 of the Act) and rectification with history (s. 28).

* ``RetentionSchedule``: per organization, how long after a family's file is closed its
  identity is destroyed, and then its file anonymized. An organization that never saved one
  follows the defaults below (the page says so).
* ``RetentionRun``: one row per real run of ``manage.py apply_retention`` for an
  organization, with the counts of what it did; never a family.
* ``Rectification``: a correction made to a family's record, by field name and reason, so
  that the family can be told what was rectified. The old and new values are not kept: the
  correction exists precisely because the old value was wrong, and a copy of a sensitive
  value would outlive its rectification.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.tenancy import TenantModel

#: A closed family may come back within the year: its workers still need to reach it.
DEFAULT_IDENTITY_MONTHS = 12
#: Five years lets a returning family find its history and the organization answer for its
#: work (funders' audits go back about that far); after that the file keeps only counts.
DEFAULT_FILE_MONTHS = 60
#: Twenty years: a longer delay is no longer a retention schedule.
MAX_MONTHS = 240


class RetentionSchedule(TenantModel):
    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    identity_months = models.PositiveSmallIntegerField(
        _("months after closure before the identity is destroyed"),
        default=DEFAULT_IDENTITY_MONTHS,
    )
    file_months = models.PositiveSmallIntegerField(
        _("months after closure before the file is anonymized"),
        default=DEFAULT_FILE_MONTHS,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(TenantModel.Meta):
        verbose_name = _("retention schedule")
        verbose_name_plural = _("retention schedules")
        constraints = [
            # Anonymizing the file removes less than destroying the identity: the identity
            # cannot outlive the notes around it.
            models.CheckConstraint(
                condition=models.Q(identity_months__lte=models.F("file_months")),
                name="identity_destroyed_no_later_than_file",
            ),
            models.CheckConstraint(
                condition=models.Q(file_months__lte=MAX_MONTHS), name="retention_at_most_max"
            ),
        ]

    def __str__(self):
        return f"{self.identity_months} / {self.file_months}"


class RetentionRun(TenantModel):
    """What one real run did for one organization: counts only."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    ran_at = models.DateTimeField(_("run at"), default=timezone.now)
    identities_destroyed = models.PositiveIntegerField(_("identities destroyed"), default=0)
    files_anonymized = models.PositiveIntegerField(_("files anonymized"), default=0)

    class Meta(TenantModel.Meta):
        ordering = ["-ran_at", "-id"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}"


class RectifiedField(models.TextChoices):
    """What of a family's record may be corrected, as the family knows it."""

    NICKNAME = "nickname", _("First name or nickname")
    PHONE = "phone", _("Phone")
    ADDRESS = "address", _("Address")
    MEMBERS = "members", _("The household (people, ages)")
    MUNICIPALITY = "municipality", _("Municipality")
    LANGUAGES = "languages", _("Languages spoken")
    IMMIGRATION = "immigration_context", _("Immigration context")
    SITUATION = "situation", _("Situation and strengths")
    CONTEXT = "context_factors", _("Context factors")
    CONTACTS = "contacts", _("A contact or its note")
    PLAN = "plan", _("The plan (priorities and steps)")
    REFERRALS = "referrals", _("A referral")
    CONSENTS = "consents", _("A consent")
    OTHER = "other", _("Something else")


class RectificationReason(models.TextChoices):
    """The grounds of s. 28 of the Act."""

    INACCURATE = "inaccurate", _("The information was inaccurate")
    INCOMPLETE = "incomplete", _("The information was incomplete")
    EQUIVOCAL = "equivocal", _("The information was equivocal")
    NOT_AUTHORIZED = "not_authorized", _("Keeping it was not authorized: it was deleted")


class Rectification(TenantModel):
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.CASCADE,
        related_name="rectifications",
        verbose_name=_("family"),
    )
    field = models.CharField(_("what was corrected"), max_length=30, choices=RectifiedField)
    reason = models.CharField(_("why"), max_length=20, choices=RectificationReason)
    requested_by_family = models.BooleanField(_("the family asked for it"), default=True)
    rectified_on = models.DateField(_("corrected on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["-rectified_on", "-recorded_at", "-id"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self):
        return f"{self.rectified_on} · {self.get_field_display()}"
