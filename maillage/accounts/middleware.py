from allauth.mfa.models import Authenticator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

#: URL name prefixes a person may reach before setting up two-factor authentication.
_ALLOWED_BEFORE_MFA = ("account_", "mfa_")
_ALLOWED_NAMES = {"set_language"}


class MFARequiredMiddleware:
    """Send a member whose role requires two-factor authentication to set it up first.

    Managers and administrators always need it; outreach workers when their
    organization says so (``Organization.require_mfa_for_all``). Any one of the
    person's memberships that requires it is enough: a manager elsewhere cannot
    avoid it by switching to a membership that does not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        memberships = getattr(request, "memberships", [])
        if not any(membership.requires_mfa for membership in memberships):
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in _ALLOWED_NAMES or name.startswith(_ALLOWED_BEFORE_MFA):
            return None
        has_totp = Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP
        ).exists()
        if has_totp:
            return None
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('mfa_activate_totp')}?{query}")
