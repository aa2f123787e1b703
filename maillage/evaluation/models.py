"""The target clientele (*clientèle visée*) of an organization, over time.

The 2017 review of local evaluations found the targeted families were never defined; the
first evaluation question cannot be answered without it. A PG records what the
organization aims at — criteria built from the Terrain model's own fields, and the
estimated number of such families on its territory, with the source of the estimate —
as a dated definition. Definitions follow one another (valid from / to, never
overlapping); the evaluation of a period uses the one in force on its last day.

Whether a family meets a definition is decided in ``maillage/evaluation/indicators/target.py``
(in Python for one family, in SQL for a queryset: the tests prove they agree).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.core.tenancy import TenantModel


class TargetDefinition(TenantModel):
    """Who the organization aims to reach, from a date (to a date), and how many they are."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    community = models.ForeignKey(
        "organizations.Community",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed with the community"),
        help_text=_("When the definition was agreed at a regroupement or table de concertation."),
    )
    name = models.CharField(_("name"), max_length=120)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(
        _("in force until (inclusive)"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the definition is in force."),
    )
    # Children: members of the household with the role child or teenager, by age on the
    # last day of the period evaluated.
    child_age_min = models.PositiveSmallIntegerField(
        _("youngest child's age (years)"), null=True, blank=True
    )
    child_age_max = models.PositiveSmallIntegerField(
        _("oldest child's age (years)"), null=True, blank=True
    )
    expected_birth_counts = models.BooleanField(
        _("an expected birth counts as a child of 0 years"), default=True
    )
    isolation = models.JSONField(_("isolation (any of)"), default=list, blank=True)
    milieux = models.JSONField(_("milieu (any of)"), default=list, blank=True)
    municipalities = models.ManyToManyField(
        "organizations.Municipality",
        related_name="+",
        blank=True,
        verbose_name=_("municipalities (any of)"),
    )
    immigration_contexts = models.JSONField(
        _("immigration context (any of)"), default=list, blank=True
    )
    interpreter_needed = models.BooleanField(
        _("only families who need an interpreter"), default=False
    )
    estimated_population = models.PositiveIntegerField(
        _("estimated number of target families on the territory"), null=True, blank=True
    )
    population_source = models.CharField(
        _("source of the estimate"),
        max_length=300,
        blank=True,
        help_text=_("For example: Statistics Canada census 2021, the CISSS's portrait."),
    )
    population_estimated_on = models.DateField(_("date of the estimate"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(TenantModel.Meta):
        ordering = ["-valid_from", "-id"]
        verbose_name = _("target clientele")
        verbose_name_plural = _("target clienteles")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="target_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(child_age_min__isnull=True)
                | Q(child_age_max__isnull=True)
                | Q(child_age_max__gte=models.F("child_age_min")),
                name="target_ages_in_order",
            ),
        ]
        indexes = [models.Index(fields=["organization", "valid_from"])]

    def __str__(self):
        return self.name
