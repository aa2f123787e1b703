"""The family page's list of rectifications, for the manager (one include, no view change)."""

from django import template

from ..forms import RectificationForm
from ..models import Rectification

register = template.Library()


@register.inclusion_tag("retention/partials/family_rectifications.html", takes_context=True)
def family_rectifications(context, family):
    request = context["request"]
    membership = getattr(request, "membership", None)
    if membership is None or not membership.can_manage_privacy:
        return {"shown": False}
    rectifications = Rectification.objects.for_org(request.organization).filter(family=family)
    return {
        "shown": True,
        "family": family,
        "rectifications": list(rectifications.select_related("recorded_by")),
        "form": RectificationForm(auto_id="rectification-%s"),
        "request": request,
    }
