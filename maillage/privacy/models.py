"""Privacy governance under Quebec's private-sector privacy Act (CQLR c P-39.1, "Law 25").

* ``PrivacyOfficer``: the person in charge of the protection of personal information of an
  organization (s. 3.1). By default the Act makes the person with the highest authority
  responsible; that person may delegate the function in writing, which ``delegated_on``
  records. An organization holds no family data until it has one (``create_family`` refuses).
* ``ConfidentialityIncident``: the register every organization keeps (s. 3.8) with the
  content the Regulation respecting confidentiality incidents (c. A-2.1, r. 3.1, s. 7) asks
  for. An entry is kept at least five years after the incident became known (s. 3 of the
  same Regulation): ``deletable_from``.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.tenancy import TenantModel

#: The regulation's minimum: years an entry is kept after the date of discovery.
RETENTION_YEARS = 5


def years_after(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 1 March of a common year,
    so that an entry is never released a day early."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


class PrivacyOfficer(TenantModel):
    organization = models.OneToOneField(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="privacy_officer",
        verbose_name=_("organization"),
    )
    name = models.CharField(
        _("name or title"),
        max_length=150,
        help_text=_(
            "A title such as “Executive director” lasts longer than a name; a name is fine too."
        ),
    )
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    since = models.DateField(_("in charge since"))
    delegated_on = models.DateField(
        _("delegated in writing on"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty when the person with the highest authority in the organization "
            "exercises the function, as the Act provides by default."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta(TenantModel.Meta):
        verbose_name = _("person in charge of the protection of personal information")
        verbose_name_plural = _("people in charge of the protection of personal information")

    def __str__(self):
        return self.name

    @property
    def is_delegated(self) -> bool:
        return self.delegated_on is not None


class ConfidentialityIncident(TenantModel):
    """One entry of the register of confidentiality incidents.

    The free text here describes an incident, never a family: the form asks for categories
    of information and counts, not for who was affected.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="confidentiality_incidents",
        verbose_name=_("organization"),
    )
    information_involved = models.TextField(
        _("personal information involved"),
        blank=True,
        help_text=_("Categories of information, never the information itself."),
    )
    information_unknown_reason = models.TextField(
        _("why the information cannot be described"),
        blank=True,
        help_text=_("Only when the information involved is not known."),
    )
    circumstances = models.TextField(_("circumstances of the incident"))
    occurred_from = models.DateField(_("incident date, or start of the period"))
    occurred_to = models.DateField(
        _("end of the period"),
        null=True,
        blank=True,
        help_text=_("When the incident lasted more than one day."),
    )
    occurred_approximate = models.BooleanField(
        _("the date of the incident is approximate"), default=False
    )
    discovered_on = models.DateField(_("date the organization learned of it"))
    people_concerned = models.PositiveIntegerField(_("number of people concerned"))
    people_estimated = models.BooleanField(_("the number is an estimate"), default=False)
    risk_sensitivity = models.TextField(_("sensitivity of the information"))
    risk_misuse = models.TextField(_("possible ill-intentioned uses"))
    risk_consequences = models.TextField(_("anticipated consequences"))
    risk_likelihood = models.TextField(_("likelihood of injurious use"))
    serious_injury_risk = models.BooleanField(
        _("the incident presents a risk of serious injury"), default=False
    )
    commission_notified_on = models.DateField(
        _("Commission d'accès à l'information notified on"), null=True, blank=True
    )
    people_notified_on = models.DateField(_("people concerned notified on"), null=True, blank=True)
    public_notice = models.BooleanField(_("a public notice was given"), default=False)
    notices_note = models.TextField(
        _("notices: reasons"),
        blank=True,
        help_text=_(
            "Why a notice was not sent (for instance, it could hamper an investigation), "
            "or why a public notice was given."
        ),
    )
    measures = models.TextField(_("measures taken to reduce the risk of injury"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta(TenantModel.Meta):
        ordering = ["-discovered_on", "-recorded_at"]
        verbose_name = _("confidentiality incident")
        verbose_name_plural = _("confidentiality incidents")

    def __str__(self):
        return str(_("Incident learned of on %(date)s") % {"date": self.discovered_on})

    @property
    def deletable_from(self) -> date:
        return years_after(self.discovered_on, RETENTION_YEARS)
