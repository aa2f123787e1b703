from django import template

from maillage.audit.labels import action_label

register = template.Library()


@register.filter
def audit_action(action):
    return action_label(action)
