from django import template

from maillage.families.models import ContextFactor, Isolation, Strength

register = template.Library()

_CHOICES = {"isolation": Isolation, "strength": Strength, "context": ContextFactor}


@register.filter
def choice_label(value, kind):
    """The translated label of a value stored in a list field (isolation, strengths…)."""
    choices = _CHOICES[kind]
    return choices(value).label if value in choices.values else value
