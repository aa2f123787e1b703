import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Shown wherever the government's municipal reference is used.
MUNICIPAL_ATTRIBUTION = _(
    "Source: Répertoire des municipalités du Québec, MAMH, Données Québec (CC BY 4.0)"
)


class Milieu(models.TextChoices):
    RURAL = "rural", _("Rural")
    URBAN = "urbain", _("Urban")
    MIXED = "mixte", _("Mixed")


class Region(models.Model):
    """One of Quebec's 17 administrative regions, from the municipal reference."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative region")
        verbose_name_plural = _("administrative regions")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Municipality(models.Model):
    """A municipality of the Répertoire des municipalités du Québec."""

    code = models.CharField(_("geographic code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=150)
    designation = models.CharField(_("designation"), max_length=60, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    mrc = models.CharField(_("MRC"), max_length=150, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    land_area_km2 = models.DecimalField(
        _("land area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    postal_code = models.CharField(_("city hall postal code"), max_length=7, blank=True)

    class Meta:
        ordering = ["name", "code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        indexes = [models.Index(fields=["region", "name"])]

    def __str__(self):
        return self.name

    @property
    def density(self):
        """People per km² of land, or None when the reference lacks a figure."""
        if not self.population or not self.land_area_km2:
            return None
        return float(self.population) / float(self.land_area_km2)

    @property
    def suggested_milieu(self):
        """Statistics Canada's population-centre rule as a proxy: there is no official flag."""
        density = self.density
        if density is None:
            return None
        if self.population >= 1000 and density >= 400:
            return Milieu.URBAN
        return Milieu.RURAL


class Organization(models.Model):
    """An organisme porteur: the organization that employs outreach workers."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("administrative region"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="organizations",
        verbose_name=_("municipalities served"),
        blank=True,
    )
    milieu = models.CharField(_("milieu"), max_length=10, choices=Milieu.choices)
    require_mfa_for_all = models.BooleanField(
        _("two-factor authentication required for every member"),
        default=False,
        help_text=_(
            "Managers always need two-factor authentication. Tick to require it of "
            "outreach workers too."
        ),
    )
    identity_enabled = models.BooleanField(
        _("families' identity may be recorded"),
        default=False,
        help_text=_(
            "Off: families are known only by their code. On: a first name or nickname, phone "
            "and address may be kept, encrypted, with the family's consent."
        ),
    )
    team_visibility = models.BooleanField(
        _("the whole team sees every family"),
        default=True,
        help_text=_(
            "So that a colleague can take over. Off: outreach workers see the sensitive "
            "details (identity, context, notes) of their own families only."
        ),
    )
    stale_after_weeks = models.PositiveSmallIntegerField(
        _("flag families without contact after (weeks)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name


class Community(models.Model):
    """A regroupement or table de concertation grouping the organizations of a territory."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="communities",
        verbose_name=_("administrative region"),
        null=True,
        blank=True,
    )
    description = models.TextField(_("description"), blank=True)
    organizations = models.ManyToManyField(
        Organization, related_name="communities", verbose_name=_("organizations"), blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self):
        return self.name
