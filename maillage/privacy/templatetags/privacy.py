"""The notice the shell shows while an organization has no person in charge of the
protection of personal information: families cannot be added until it names one."""

from django import template

from maillage.privacy.services import has_privacy_officer

register = template.Library()

#: Pages where the missing person in charge matters: the family pages and the home page
#: (where "New family" is). Elsewhere the check, one query, is not run at all.
NOTICE_PAGES = ("shell:home", "families:list", "families:new")


@register.simple_tag(takes_context=True)
def privacy_officer_missing(context) -> bool:
    request = context.get("request")
    membership = getattr(request, "membership", None)
    match = getattr(request, "resolver_match", None)
    if membership is None or not membership.is_organization_member or match is None:
        return False
    if match.view_name not in NOTICE_PAGES:
        return False
    return not has_privacy_officer(request.organization)
