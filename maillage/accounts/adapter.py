from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import throttle
from .models import User


def _user(credentials):
    email = credentials.get("email") or ""
    return email, User.objects.filter(email__iexact=email.strip()).first()


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by invitation only: nobody signs up by themselves.

    Failed passwords go through accounts/throttle.py: a wait that grows per address,
    which a browser the person signed in with before does not have to sit out.
    """

    def is_open_for_signup(self, request):
        return False

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys password failures by the address typed, so anyone could lock a
        # worker out; here they count per client, and throttle.py's waits per account.
        return f"password-from:{self.get_client_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        email, user = _user(credentials)
        until = throttle.blocked_until(email)
        if until and not throttle.is_known_device(request, user):
            raise forms.ValidationError(
                _(
                    "Too many failed sign-in attempts for this address. Try again after "
                    "%(time)s, from a device where you signed in before, or ask a manager "
                    "of your organization to unlock your sign-in."
                )
                % {"time": formats.time_format(timezone.localtime(until), "TIME_FORMAT")},
                code="sign_in_throttled",
            )

    def authentication_failed(self, request, **credentials):
        email, user = _user(credentials)
        if not throttle.is_known_device(request, user):
            throttle.record_failure(email, user)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        if throttle.blocked_until(user.email) is None:
            throttle.clear(user.email)
        throttle.remember_device(response, user)
        return response
