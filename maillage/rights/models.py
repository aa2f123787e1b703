"""The family's rights under Quebec's private-sector privacy Act (CQLR c P-39.1).

* ``AccessRequest``: a request to see the file (s. 27) or to receive what was collected from
  the family in a structured format (portability, s. 27 third paragraph). The organization
  answers within 30 days of receiving it (s. 32); ``due_on`` keeps that date.
* ``Disclosure``: information communicated without the family's consent, as the Act allows in
  a few cases (a report to the DPJ, an imminent danger, a court order: s. 18, 18.1). Each one
  is its own row, so that the organization can answer the family, and the Commission, later.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.fields import EncryptedTextField
from maillage.core.tenancy import TenantModel
from maillage.families.models import MemberRole

#: s. 32: the person in charge answers at the latest 30 days after receiving the request.
ANSWER_DAYS = 30
#: A request is flagged as soon as its deadline is this close.
DUE_SOON_DAYS = 7


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access to the file")
    PORTABILITY = "portability", _("Portability (a copy in a structured format)")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received, to answer")
    ANSWERED = "answered", _("Answered")
    REFUSED = "refused", _("Refused")


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class Deadline(models.TextChoices):
    CLOSED = "closed", _("Closed")
    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Due within 7 days")
    OVERDUE = "overdue", _("Overdue")


def due_date(received_on: date) -> date:
    return received_on + timedelta(days=ANSWER_DAYS)


class AccessRequest(TenantModel):
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.CASCADE,
        related_name="access_requests",
        verbose_name=_("family"),
    )
    kind = models.CharField(_("request"), max_length=12, choices=RequestKind.choices)
    received_on = models.DateField(_("received on"))
    requested_by = models.CharField(
        _("asked by"),
        max_length=20,
        choices=MemberRole.choices,
        help_text=_("A role in the household, never a name."),
    )
    language = models.CharField(_("language of the answer"), max_length=2, choices=Language.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.RECEIVED,
    )
    refusal_reason = models.TextField(_("reason of the refusal"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    due_on = models.DateField(_("answer due on"), editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["due_on", "id"]
        verbose_name = _("access or portability request")
        verbose_name_plural = _("access and portability requests")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.received_on})"

    def deadline_on(self, today: date) -> str:
        """Where the request stands against its deadline on ``today``."""
        if self.status != RequestStatus.RECEIVED:
            return Deadline.CLOSED
        left = (self.due_on - today).days
        if left < 0:
            return Deadline.OVERDUE
        if left <= DUE_SOON_DAYS:
            return Deadline.DUE_SOON
        return Deadline.ON_TIME

    @property
    def deadline(self) -> str:
        return self.deadline_on(timezone.localdate())

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.RECEIVED


class LegalBasis(models.TextChoices):
    DPJ = "dpj", _("Report to the DPJ (Youth Protection Act, s. 39)")
    DANGER = "danger", _("Imminent danger of death or serious injury (s. 18.1)")
    COURT = "court", _("Court order or subpoena")
    OTHER = "other", _("Other legal obligation")


class Disclosure(TenantModel):
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.CASCADE,
        related_name="disclosures",
        verbose_name=_("family"),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=10, choices=LegalBasis.choices)
    recipient = models.CharField(
        _("recipient"),
        max_length=200,
        help_text=_("The organization or office, e.g. “DPJ de Lanaudière”."),
    )
    content = EncryptedTextField(
        _("what was sent"),
        help_text=_("The information communicated, in a few factual words."),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_on = models.DateField(_("sent on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["-sent_on", "-id"]
        verbose_name = _("disclosure without consent")
        verbose_name_plural = _("disclosures without consent")

    def __str__(self):
        return f"{self.get_legal_basis_display()} ({self.sent_on})"
