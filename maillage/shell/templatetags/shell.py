from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html

from maillage.shell.middleware import FIELD

register = template.Library()


@register.simple_tag(takes_context=True)
def form_guard(context):
    """CSRF token plus the active membership, so a stale tab cannot post to another organization."""
    request = context["request"]
    membership = getattr(request, "membership", None)
    csrf = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    if membership is None:
        return csrf
    return format_html('{}<input type="hidden" name="{}" value="{}">', csrf, FIELD, membership.uuid)
