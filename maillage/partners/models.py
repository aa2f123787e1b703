"""The partner directory, modelled on the Open Referral HSDS 3.0 (organization, service, location).

Each organization keeps its own directory; an entry can be shared with a community
(table de concertation), whose organizations then see it too. HSDS properties that
Maillage does not model are kept in ``extra`` so that an import exports back whole.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.core.tenancy import TenantManager, TenantModel, TenantQuerySet


class PartnerQuerySet(TenantQuerySet):
    def visible_to(self, organization):
        """The organization's own entries and those shared with one of its communities."""
        if organization is None:
            return self.none()._mark_scoped()
        return (
            self.filter(Q(organization=organization) | Q(shared_with__organizations=organization))
            .distinct()
            ._mark_scoped()
        )


class PartnerPartQuerySet(TenantQuerySet):
    def visible_to(self, organization):
        """The services or locations of the partners ``Partner.objects.visible_to`` gives."""
        partners = Partner.objects.visible_to(organization)
        return self.filter(partner__in=partners)._mark_scoped()


class Mandate(models.TextChoices):
    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Regional")


class Partner(TenantModel):
    """An HSDS organization: a partner of the territory."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("directory of"),
    )
    shared_with = models.ForeignKey(
        "organizations.Community",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_partners",
        verbose_name=_("shared with the community"),
    )
    hsds_id = models.CharField(_("HSDS identifier"), max_length=100, default="", blank=True)
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("other name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True, max_length=500)
    phones = models.JSONField(_("phones"), default=list, blank=True)
    mandate = models.CharField(
        _("mandate"), max_length=10, choices=Mandate.choices, default=Mandate.LOCAL
    )
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True, editable=False)

    objects = TenantManager.from_queryset(PartnerQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class Service(TenantModel):
    """An HSDS service offered by a partner."""

    organization_path = "partner__organization"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="services")
    hsds_id = models.CharField(_("HSDS identifier"), max_length=100, default="", blank=True)
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("other name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web page"), blank=True, max_length=500)
    email = models.EmailField(_("e-mail address"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    eligibility_description = models.TextField(_("eligibility"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interpretation_services = models.CharField(_("interpretation"), max_length=500, blank=True)
    fees_description = models.TextField(_("fees"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    required_documents = models.JSONField(_("documents required"), default=list, blank=True)
    hours = models.TextField(_("hours"), blank=True)
    service_areas = models.JSONField(_("service area"), default=list, blank=True)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    # Accent- and case-free copy of the searchable text ("garderie" finds "Halte-garderie").
    search_text = models.TextField(default="", editable=False)
    # Normalized language codes and names between bars ("|fr|francais|"), for the filter.
    language_index = models.TextField(default="", editable=False)
    extra = models.JSONField(default=dict, blank=True, editable=False)

    objects = TenantManager.from_queryset(PartnerPartQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.name

    @property
    def need_labels(self):
        from maillage.core.taxonomy import Need

        return [Need(code).label for code in self.needs if code in Need.values]

    @property
    def language_labels(self):
        return [str(lang.get("code") or lang.get("name") or "") for lang in self.languages]

    @property
    def document_labels(self):
        return [str(doc["document"]) for doc in self.required_documents if doc.get("document")]

    @property
    def area_labels(self):
        return [str(area["name"]) for area in self.service_areas if area.get("name")]


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    POSTAL = "postal", _("Postal")
    VIRTUAL = "virtual", _("Virtual")


class Location(TenantModel):
    """An HSDS location of a partner: where its services are offered."""

    organization_path = "partner__organization"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="locations")
    hsds_id = models.CharField(_("HSDS identifier"), max_length=100, default="", blank=True)
    location_type = models.CharField(
        _("type"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("transport access"), blank=True)
    address_1 = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=150, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    state_province = models.CharField(_("province"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    url = models.URLField(_("web address"), blank=True, max_length=500)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    services = models.ManyToManyField(Service, related_name="locations", blank=True)
    extra = models.JSONField(default=dict, blank=True, editable=False)

    objects = TenantManager.from_queryset(PartnerPartQuerySet)()

    class Meta(TenantModel.Meta):
        ordering = ["name", "city"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name or self.address_1 or self.get_location_type_display()
