"""What happens with a family over time: contacts, and the family's own plan."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.fields import EncryptedTextField
from maillage.core.taxonomy import INTERVENTION_BITS, NEED_BITS, bits_of
from maillage.core.tenancy import TenantModel


class ContactMode(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    PUBLIC_PLACE = "public_place", _("Meeting in a public place")
    PHONE = "phone", _("Phone or text message")
    APPOINTMENT = "appointment", _("Accompaniment to an appointment")
    GROUP = "group", _("Group activity")


#: Each copied column of a contact and the field it is copied from (``Contact.copies``).
COPIED_FROM = {
    "organization_id": "family_id",
    "needs_bits": "needs",
    "interventions_bits": "interventions",
}


class Contact(TenantModel):
    """One contact with a family: how, how long, how far, for what."""

    # No index of its own: the (family, -date) index below serves every lookup by family.
    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="contacts", db_index=False
    )
    # The family's organization, kept on the row so reports can group and filter contacts by
    # organization without joining families. It never differs from family.organization_id
    # (a family never changes organization). Filled from copies(), as the bits below.
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        verbose_name=_("organization"),
        # The index is the composite one below, which starts with the organization: an
        # index of its own would tempt PostgreSQL into reading every row in its order.
        db_index=False,
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("worker"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    mode = models.CharField(_("mode"), max_length=20, choices=ContactMode.choices)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    travel_minutes = models.PositiveIntegerField(_("travel time (minutes)"), default=0)
    distance_km = models.DecimalField(_("distance (km)"), max_digits=6, decimal_places=1, default=0)
    needs = models.JSONField(_("needs addressed"), default=list, blank=True)
    interventions = models.JSONField(_("types of intervention"), default=list, blank=True)
    # Copies of needs and interventions as bits (maillage.core.taxonomy.NEED_BITS and
    # INTERVENTION_BITS), for the evaluation's counts per code: one integer operation per row
    # instead of a search in the JSON list (decision 0008). save() keeps them, bulk writers
    # take them from copies().
    needs_bits = models.IntegerField(
        _("needs addressed (copy for the statistics)"), default=0, editable=False
    )
    interventions_bits = models.IntegerField(
        _("types of intervention (copy for the statistics)"), default=0, editable=False
    )
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    # Sensitive: same visibility as identity.
    note = EncryptedTextField(_("short note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["-date", "-created_at"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["family", "-date"]),
            models.Index(fields=["organization", "date"]),
        ]

    def __str__(self):
        return f"{self.date} · {self.get_mode_display()}"

    @staticmethod
    def copies(organization_id, *, needs, interventions) -> dict:
        """The columns a contact copies from elsewhere, by attribute name: its family's
        organization and its lists as bits. The one place they are computed: save(), the
        import's bulk writer and the dataset generator all take them from here."""
        return {
            "organization_id": organization_id,
            "needs_bits": bits_of(needs, NEED_BITS),
            "interventions_bits": bits_of(interventions, INTERVENTION_BITS),
        }

    def save(self, *args, **kwargs):
        deferred = self.get_deferred_fields()
        copies = self.copies(
            self.organization_id or self.family.organization_id,
            needs=None if "needs" in deferred else self.needs,
            interventions=None if "interventions" in deferred else self.interventions,
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = kwargs["update_fields"] = list(update_fields)
        for column, source in COPIED_FROM.items():
            if source in deferred:  # not loaded, so not changed: its copy stays as it is
                continue
            setattr(self, column, copies[column])
            if (
                update_fields is not None
                and source in update_fields
                and column not in update_fields
            ):
                update_fields.append(column)  # the copy is saved with what it copies
        super().save(*args, **kwargs)


class Priority(TenantModel):
    """A priority the family itself names (its plan de match)."""

    organization_path = "family__organization"

    family = models.ForeignKey(
        "families.Family", on_delete=models.CASCADE, related_name="priorities"
    )
    title = models.CharField(_("priority, in the family's words"), max_length=200)
    need = models.CharField(_("need"), max_length=30, blank=True)
    defined_by_family = models.BooleanField(_("named by the family"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["created_at", "id"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self):
        return self.title


class StepStatus(models.TextChoices):
    TO_DO = "to_do", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Set aside")


class Step(TenantModel):
    """A small step towards a priority, at the family's pace."""

    organization_path = "priority__family__organization"

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="steps")
    description = models.CharField(_("step"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.TO_DO
    )
    due_on = models.DateField(_("by"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(TenantModel.Meta):
        ordering = ["due_on", "created_at", "id"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return self.description
