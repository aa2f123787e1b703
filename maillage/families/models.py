"""The family (household), its members, consents, status history and workers."""

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.core.fields import EncryptedTextField
from maillage.core.tenancy import TenantManager, TenantModel, TenantQuerySet
from maillage.organizations.models import Milieu

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U


def new_family_code() -> str:
    """A pseudonymous code such as F-7KQ3-M2: says nothing about the family."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    return f"F-{chars[:4]}-{chars[4:]}"


class Status(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("First contact")
    BUILDING_BOND = "building_bond", _("Bond being built")
    ACCOMPANIED = "accompanied", _("Accompanied")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", pgettext_lazy("family status", "Closed")


class ClosureReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("The family reached its goals")
    MOVED = "moved", _("The family moved away")
    DECLINED = "declined", _("The family no longer wishes it")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    REFERRED = "referred", _("Followed by another service")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent to keep a file withdrawn")
    OTHER = "other", _("Other")


class EntryPoint(models.TextChoices):
    PARENT = "parent", _("A parent")
    TEENAGER = "teenager", _("A teenager")
    GRANDPARENT = "grandparent", _("A grandparent")
    NEIGHBOUR = "neighbour", _("A neighbour")
    CAREGIVER = "caregiver", _("A proche aidant")
    PARTNER = "partner", _("A partner organization")
    OTHER = "other", _("Other")


class Isolation(models.TextChoices):
    SOCIAL = "social", _("Social")
    GEOGRAPHIC = "geographic", _("Geographic or transport")
    CULTURAL = "cultural", _("Cultural or linguistic")
    DISTRUST = "distrust", _("Distrust of services after bad experiences")
    FEW_SERVICES = "few_services", _("Few or no services used")
    ALONE_DESPITE_SERVICES = "alone_despite_services", _("Alone despite services")


class ContextFactor(models.TextChoices):
    FINANCIAL = "financial", _("Financial precarity")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    ADDICTION = "addiction", _("Addiction")
    CONJUGAL_VIOLENCE = "conjugal_violence", _("Conjugal violence")
    NEGLECT = "neglect", _("Neglect")
    TRAUMA = "trauma", _("Trauma")
    SINGLE_PARENT = "single_parent", _("Single parent")
    SPECIAL_NEEDS = "special_needs", _("Child with special needs")


class Strength(models.TextChoices):
    RESILIENCE = "resilience", _("Resilience")
    PRACTICAL = "practical", _("Practical intelligence")
    MUTUAL_AID = "mutual_aid", _("Informal mutual aid")
    OTHER = "other", _("Other")


class ImmigrationContext(models.TextChoices):
    RECENT = "recent", _("Arrived in the last five years")
    REFUGEE = "refugee", _("Refugee or refugee claimant")
    TEMPORARY = "temporary", _("Temporary status (work or study permit)")
    PRECARIOUS = "precarious", _("Precarious or no status")
    OTHER = "other", _("Other immigration context")


class FamilyQuerySet(TenantQuerySet):
    def assigned_to(self, user):
        return self.filter(assignments__worker=user)


#: The family's identity, encrypted: kept only where the organization records identities and
#: the family consented to it (``maillage.families.services.set_identity``).
IDENTITY_FIELDS = ("nickname", "phone", "address")
#: The keyed indexes that find a family by its nickname or phone: they go with the identity.
IDENTITY_INDEX_FIELDS = ("nickname_index", "phone_index")


class Family(TenantModel):
    """A household. Known by its code; identity only when the organization and family allow."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(_("code"), max_length=12, default=new_family_code)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FIRST_CONTACT
    )
    status_changed_on = models.DateField(_("status since"), default=timezone.localdate)
    closure_reason = models.CharField(
        _("reason for closing"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    entry_point = models.CharField(
        _("who opened the door"), max_length=20, choices=EntryPoint.choices, blank=True
    )
    origin_activity = models.ForeignKey(
        "outreach.OutreachActivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="families",
        verbose_name=_("outreach activity"),
    )
    origin_strategy = models.ForeignKey(
        "outreach.Strategy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="families",
        verbose_name=_("reached through"),
    )
    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    milieu = models.CharField(_("milieu"), max_length=10, choices=Milieu.choices, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    francisation = models.BooleanField(_("interested in francisation"), default=False)
    immigration_context = models.CharField(
        _("immigration context"), max_length=20, choices=ImmigrationContext.choices, blank=True
    )
    isolation = models.JSONField(_("isolation"), default=list, blank=True)
    strengths = models.JSONField(_("strengths"), default=list, blank=True)
    strengths_note = models.CharField(_("strengths, in a few words"), max_length=300, blank=True)
    # Sensitive: assigned workers and the manager only (or the team when it may take over).
    context_factors = models.JSONField(_("context factors"), default=list, blank=True)
    nickname = EncryptedTextField(_("first name or nickname"))
    phone = EncryptedTextField(_("phone"))
    address = EncryptedTextField(_("address"))
    nickname_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Optimistic locking: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True, editable=False)
    # Two milestones of the path, denormalized from the status history so that reports can
    # filter on them without a subquery per family. The family services, the history import
    # and the dataset generator keep them; StatusChange stays the record.
    opened_on = models.DateField(_("file opened on"), null=True, blank=True, editable=False)
    accompanied_on = models.DateField(
        _("first accompanied on"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(FamilyQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["code"]
        verbose_name = _("family")
        verbose_name_plural = _("families")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="family_code_unique")
        ]
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["organization", "last_contact_on"]),
            models.Index(fields=["organization", "opened_on"]),
        ]

    def __str__(self):
        return self.code

    @property
    def has_identity(self):
        return bool(self.nickname or self.phone or self.address)


class MemberRole(models.TextChoices):
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    TEENAGER = "teenager", _("Teenager")
    GRANDPARENT = "grandparent", _("Grandparent")
    AUNT_UNCLE = "aunt_uncle", _("Aunt or uncle")
    CAREGIVER = "caregiver", _("Proche aidant")
    OTHER = "other", _("Other")


class Member(TenantModel):
    """A person of the household, by role and age only."""

    organization_path = "family__organization"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("month of birth"), null=True, blank=True)
    expected = models.BooleanField(_("expected birth"), default=False)

    class Meta(TenantModel.Meta):
        ordering = ["birth_year", "birth_month", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_month__isnull=True)
                | models.Q(birth_month__gte=1, birth_month__lte=12),
                name="birth_month_is_a_month",
            )
        ]

    def __str__(self):
        return self.get_role_display()

    def age_on(self, day: date) -> int | None:
        """Age in whole years; the 1st of the month when only the month is known,
        mid-year (July) when only the year is."""
        if self.birth_year is None:
            return None
        month = self.birth_month or 7
        years = day.year - self.birth_year - (1 if (day.month, day.day) < (month, 1) else 0)
        return max(years, 0)

    @property
    def age(self):
        return self.age_on(timezone.localdate())


class ConsentPurpose(models.TextChoices):
    FILE = "file", _("Keep an accompaniment file")
    IDENTITY = "identity", _("Keep the family's identity")
    STATISTICS = "statistics", _("Be counted in de-identified statistics")
    SHARE_WITH_PARTNER = "share", _("Share information with a named partner for a referral")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Verbal")
    WRITTEN = "written", _("Written")


class ConsentQuerySet(models.QuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(withdrawn_on__isnull=True).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=on)
        )


class TenantConsentQuerySet(TenantQuerySet, ConsentQuerySet):
    pass


class Consent(TenantModel):
    """One consent, for one purpose, as the family gave it. Never pre-ticked, never edited:
    a withdrawal is dated on the row, a new consent is a new row."""

    organization_path = "family__organization"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    partner_name = models.CharField(_("partner"), max_length=200, blank=True)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    method = models.CharField(_("how"), max_length=10, choices=ConsentMethod.choices)
    text_version = models.CharField(_("version of the text read to the family"), max_length=40)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(TenantConsentQuerySet)()
    # The default manager keeps in_force() for family.consents.in_force().
    unscoped_objects = ConsentQuerySet.as_manager()

    class Meta(TenantModel.Meta):
        ordering = ["-given_on", "-recorded_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(purpose="share") | ~models.Q(partner_name=""),
                name="sharing_names_its_partner",
            )
        ]

    def __str__(self):
        return self.get_purpose_display()

    @property
    def in_force(self):
        today = timezone.localdate()
        return self.withdrawn_on is None and (self.expires_on is None or self.expires_on >= today)


class StatusChange(TenantModel):
    """Each change of status, dated: the family's path, and the evaluation's raw material."""

    organization_path = "family__organization"
    uuid = None  # never named in a URL

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)
    changed_on = models.DateField(default=timezone.localdate)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.changed_on} · {self.get_to_status_display()}"


class Assignment(TenantModel):
    """A worker who accompanies the family (one or more)."""

    organization_path = "family__organization"
    uuid = None  # never named in a URL

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="assignments")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="family_assignments"
    )
    since = models.DateField(default=timezone.localdate)
    handover_note = EncryptedTextField(_("handover note"))

    class Meta(TenantModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["family", "worker"], name="one_assignment_each")
        ]

    def __str__(self):
        return f"{self.family} · {self.worker}"
