from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.tenancy import TenantModel


class DefaultStrategy(models.TextChoices):
    """The strategies every organization starts with; each can add its own."""

    SCHOOL_CPE = "school_cpe", _("Presence at a school or CPE")
    PARK = "park", _("Park or playground")
    FOOD_BANK = "food_bank", _("Food bank or dépannage")
    COMMUNITY_EVENT = "community_event", _("Community event")
    DOOR_TO_DOOR = "door_to_door", _("Door-to-door")
    HOUSING = "housing", _("Housing complex or HLM")
    PUBLIC_PLACE = "public_place", _("Laundromat or other public place")
    CLINIC = "clinic", _("Clinic or CLSC")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    PARTNER_REFERRAL = "partner_referral", _("Referral from a partner")
    SOCIAL_MEDIA = "social_media", _("Social media")
    OTHER = "other", _("Other")


class Strategy(TenantModel):
    """An outreach strategy of one organization: a default one, or one it added."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="strategies"
    )
    default = models.CharField(
        _("default strategy"), max_length=30, choices=DefaultStrategy.choices, blank=True
    )
    custom_name = models.CharField(_("name"), max_length=120, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta(TenantModel.Meta):
        ordering = ["position", "custom_name"]
        verbose_name = _("outreach strategy")
        verbose_name_plural = _("outreach strategies")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "default"],
                condition=~models.Q(default=""),
                name="one_default_strategy_each",
            ),
            models.CheckConstraint(
                condition=~models.Q(default="") | ~models.Q(custom_name=""),
                name="strategy_has_a_name",
            ),
        ]

    def __str__(self):
        # Default strategies are named in the reader's language.
        return str(DefaultStrategy(self.default).label) if self.default else self.custom_name


class PlaceType(models.TextChoices):
    SCHOOL_CPE = "school_cpe", _("School, CPE or daycare")
    PARK = "park", _("Park or playground")
    COMMUNITY = "community", _("Community organization")
    FOOD = "food", _("Food bank or dépannage")
    HOUSING = "housing", _("Housing complex")
    PUBLIC = "public", _("Shop or public place")
    HEALTH = "health", _("Clinic or CLSC")
    HOME = "home", _("Door-to-door")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class OutreachActivity(TenantModel):
    """A moment of démarchage: where, how, how many people met. No one is named here."""

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
    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, related_name="activities", verbose_name=_("strategy")
    )
    place_type = models.CharField(
        _("type of place"), max_length=20, choices=PlaceType.choices, blank=True
    )
    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    people_met = models.PositiveIntegerField(_("people met"))
    families_reached = models.PositiveIntegerField(_("families newly reached"), default=0)
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("What worked, what to try next. Do not name anyone here."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["-date", "-created_at"]
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        indexes = [models.Index(fields=["organization", "-date"])]

    def __str__(self):
        return f"{self.date} · {self.strategy}"
