"""The lists used everywhere (contacts, referrals, evaluation): one source, translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Need(models.TextChoices):
    HOUSING = "housing", _("Housing")
    FOOD = "food", _("Food")
    FURNITURE_CLOTHING = "furniture", _("Furniture and clothing")
    INCOME_ADMIN = "income_admin", _("Income and administrative procedures")
    TRANSPORT = "transport", _("Transport")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    CHILD_DEVELOPMENT = "child_development", _("Child development")
    PARENT_CHILD = "parent_child", _("Parent-child relationship")
    CHILDCARE = "childcare", _("Childcare and halte-garderie")
    EDUCATION_FRANCISATION = "education", _("Education and francisation")
    IMMIGRATION_LEGAL = "immigration_legal", _("Immigration and legal")
    SAFETY = "safety", _("Safety and violence")
    SOCIAL_NETWORK = "social_network", _("Social network and mutual aid")
    EMPLOYMENT = "employment", _("Employment")
    OTHER = "other", _("Other")


class InterventionType(models.TextChoices):
    LISTENING = "listening", _("Listening and bond of trust")
    INFORMATION = "information", _("Information")
    ACCOMPANIMENT = "accompaniment", _("Physical accompaniment")
    PROCEDURES = "procedures", _("Help with procedures")
    MEDIATION = "mediation", _("Mediation with an institution")
    TRANSLATION = "translation", _("Translation or interpretation")
    REFERRAL = "referral", _("Referral")
    MATERIAL_HELP = "material_help", _("Material help")
    PARENT_CHILD_ACTIVITY = "parent_child_activity", _("Parent-child activity")
    OTHER = "other", _("Other")


#: Each code's bit in ``Contact.needs_bits`` and ``Contact.interventions_bits``: copies of the
#: lists kept as integers, so the evaluation tests a code with one integer operation instead
#: of reading the JSON (decision 0008). Give a new code the next free bit; never renumber or
#: reuse one, or the rows already stored would change meaning (a test checks every code has
#: its own bit).
NEED_BITS = {
    "housing": 0, "food": 1, "furniture": 2, "income_admin": 3, "transport": 4,
    "physical_health": 5, "mental_health": 6, "child_development": 7, "parent_child": 8,
    "childcare": 9, "education": 10, "immigration_legal": 11, "safety": 12,
    "social_network": 13, "employment": 14, "other": 15,
}  # fmt: skip
INTERVENTION_BITS = {
    "listening": 0, "information": 1, "accompaniment": 2, "procedures": 3, "mediation": 4,
    "translation": 5, "referral": 6, "material_help": 7, "parent_child_activity": 8, "other": 9,
}  # fmt: skip


def bits_of(codes, bits: dict[str, int]) -> int:
    """The integer with the bit of each code of ``codes`` set (codes without a bit: none)."""
    value = 0
    for code in codes or ():
        if code in bits:
            value |= 1 << bits[code]
    return value
