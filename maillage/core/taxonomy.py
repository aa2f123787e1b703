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
